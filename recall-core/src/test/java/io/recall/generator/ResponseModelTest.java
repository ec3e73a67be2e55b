package io.recall.generator;

import io.recall.measure.Exposure;
import io.recall.measure.Purchase;
import io.recall.model.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseModelTest {

    static final Instant FROM = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration WINDOW = Duration.ofDays(7);

    static List<Exposure> exposures(int n) {
        List<Exposure> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Exposure("c" + i, "general", "sms", i % 2 == 0 ? Exposure.Arm.TREATED : Exposure.Arm.HOLDOUT, FROM));
        }
        return out;
    }

    @Test
    void onlyTreatedCustomersGetTheInjectedUpliftAndPurchasesFallInTheirWindow() {
        ResponseModel sure = ResponseModel.newBuilder(1).base("general", BigDecimal.ZERO)
                .uplift("general", "sms", BigDecimal.ONE).spend(Money.of("20.00", "GBP"), 0.3).build();
        List<Purchase> purchases = sure.simulate(exposures(200), WINDOW);
        assertEquals(100, purchases.size());
        assertTrue(purchases.stream().allMatch(p -> Integer.parseInt(p.customerId().substring(1)) % 2 == 0));
        assertTrue(purchases.stream().allMatch(p -> !p.at().isBefore(FROM) && p.at().isBefore(FROM.plus(WINDOW))));
        assertTrue(purchases.stream().allMatch(p -> p.amount().amount().signum() > 0));
    }

    @Test
    void eachCustomersResponseIsIndependentOfWhoElseIsSimulatedAndInWhatOrder() {
        ResponseModel m = ResponseModel.newBuilder(42).base("general", new BigDecimal("0.3"))
                .uplift("general", "sms", new BigDecimal("0.1")).spend(Money.of("20.00", "GBP"), 0.5).build();
        List<Exposure> all = exposures(300);
        List<Exposure> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(3));
        assertEquals(new HashSet<>(m.simulate(all, WINDOW)), new HashSet<>(m.simulate(shuffled, WINDOW)));
        Set<Purchase> some = new HashSet<>(m.simulate(all.subList(0, 100), WINDOW));
        assertTrue(new HashSet<>(m.simulate(all, WINDOW)).containsAll(some));
        assertTrue(!some.isEmpty());
    }

    @Test
    void ratesOutsideZeroToOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ResponseModel.newBuilder(1).base("a", new BigDecimal("1.1")));
        assertThrows(IllegalArgumentException.class, () -> ResponseModel.newBuilder(1).uplift("a", "sms", new BigDecimal("-2")));
    }
}
