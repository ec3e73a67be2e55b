package io.recall.predict;

import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariants of BG/BB summaries made from dated purchases. */
class OpportunityProperties {

    static final LocalDate START = LocalDate.of(2024, 1, 1);

    static List<CustomerHistory> histories(List<List<Integer>> days) {
        List<CustomerHistory> histories = new ArrayList<>();
        for (int c = 0; c < days.size(); c++) {
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < days.get(c).size(); i++) {
                orders.add(new Order("o" + i, "c" + c, START.plusDays(days.get(c).get(i)).atTime(12, 0)
                        .toInstant(ZoneOffset.UTC), "online",
                        List.of(OrderLine.ofTotal("SKU", Optional.empty(), 1, Money.of("1", "EUR")))));
            }
            histories.add(CustomerHistory.of("c" + c, orders));
        }
        return histories;
    }

    /** Period k's first day, computed here with plain java.time arithmetic. */
    static LocalDate boundary(OpportunityPeriod period, int k) {
        switch (period) {
            case WEEK:
                return START.plusDays(7L * k);
            case MONTH:
                return START.plusMonths(k);
            case QUARTER:
                return START.plusMonths(3L * k);
            default:
                return START.plusYears(k);
        }
    }

    @Property(tries = 300)
    void summariesAgreeWithADirectCountAndStayInRange(
            @ForAll @Size(min = 1, max = 4) List<@Size(min = 1, max = 15) List<@IntRange(min = 0, max = 800) Integer>> days,
            @ForAll OpportunityPeriod period, @ForAll @IntRange(min = 0, max = 900) int asOfOffset) {
        LocalDate asOf = START.plusDays(asOfOffset);
        int whole = 0;
        while (!boundary(period, whole + 1).isAfter(asOf.plusDays(1))) {
            whole++;
        }
        Assume.that(whole > 0);
        List<BtydSummary> summaries = BtydSummaries.opportunities(histories(days), START, asOf, ZoneOffset.UTC, period);
        List<BtydSummary> direct = new ArrayList<>();
        for (int c = 0; c < days.size(); c++) {
            TreeSet<Integer> withPurchase = new TreeSet<>();
            for (int d : days.get(c)) {
                LocalDate day = START.plusDays(d);
                for (int k = 0; k < whole; k++) {
                    if (!day.isBefore(boundary(period, k)) && day.isBefore(boundary(period, k + 1))) {
                        withPurchase.add(k);
                    }
                }
            }
            if (!withPurchase.isEmpty()) {
                int first = withPurchase.first();
                int x = withPurchase.size() - 1;
                direct.add(BtydSummary.of("c" + c, x, x == 0 ? 0 : withPurchase.last() - first, whole - 1 - first,
                        PeriodUnit.OPPORTUNITIES));
            }
        }
        assertEquals(direct, summaries);
        for (BtydSummary s : summaries) {
            assertTrue(s.repeatPurchases() <= s.timeOfLastPurchase() || s.repeatPurchases() == 0, s.toString());
            assertTrue(s.timeOfLastPurchase() <= s.ageAtEnd(), s.toString());
            assertTrue(s.ageAtEnd() < whole, s.toString());
        }
    }

    @Property(tries = 200)
    void theOrderOfEventsDoesNotMatter(
            @ForAll @Size(min = 1, max = 4) List<@Size(min = 1, max = 15) List<@IntRange(min = 0, max = 800) Integer>> days,
            @ForAll OpportunityPeriod period, @ForAll @IntRange(min = 370, max = 900) int asOfOffset,
            @ForAll Random random) {
        LocalDate asOf = START.plusDays(asOfOffset);
        List<List<Integer>> shuffled = new ArrayList<>();
        for (List<Integer> d : days) {
            List<Integer> copy = new ArrayList<>(d);
            Collections.shuffle(copy, random);
            shuffled.add(copy);
        }
        List<CustomerHistory> histories = histories(shuffled);
        Collections.shuffle(histories, random);
        assertEquals(BtydSummaries.opportunities(histories(days), START, asOf, ZoneOffset.UTC, period),
                BtydSummaries.opportunities(histories, START, asOf, ZoneOffset.UTC, period));
    }
}
