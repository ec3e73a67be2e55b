package io.recall.generator;

import io.recall.model.Customer;
import io.recall.model.CustomerHistory;
import io.recall.model.Order;
import io.recall.model.Refund;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShopGeneratorProperties {

    private static final LocalDate EPOCH = LocalDate.of(1970, 1, 1);

    @Provide
    Arbitrary<ZoneId> zones() {
        // Zones with daylight saving on both hemispheres, a half-hour offset, and one that shifts at midnight.
        return Arbitraries.of("Europe/London", "Asia/Shanghai", "America/New_York", "Pacific/Auckland", "UTC",
                "Asia/Kolkata", "America/Santiago", "Australia/Lord_Howe").map(ZoneId::of);
    }

    @Provide
    Arbitrary<Currency> currencies() {
        return Arbitraries.of("GBP", "EUR", "JPY", "CNY", "KWD").map(Currency::getInstance);
    }

    private static ShopGenerator generator(long seed, int customers, int startDay, int days, ZoneId zone,
                                           Currency currency) {
        LocalDate start = EPOCH.plusDays(startDay);
        return ShopGenerator.newBuilder().seed(seed).customers(customers).start(start).end(start.plusDays(days))
                .zone(zone).currency(currency).source("web").build();
    }

    @Property(tries = 200)
    void generateEqualsStreamAndEveryHistoryIsValidAndInsideThePeriod(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int customers,
            @ForAll @IntRange(min = 0, max = 46_000) int startDay, @ForAll @IntRange(min = 1, max = 1_000) int days,
            @ForAll("zones") ZoneId zone, @ForAll("currencies") Currency currency) {
        ShopGenerator generator = generator(seed, customers, startDay, days, zone, currency);
        List<Customer> shop = generator.generate();
        assertEquals(shop, generator.stream().toList());
        assertEquals(customers, shop.size());

        Instant start = generator.start().atStartOfDay(zone).toInstant();
        Instant end = generator.end().atStartOfDay(zone).toInstant();
        Set<String> ids = new HashSet<>();
        for (Customer customer : shop) {
            CustomerHistory history = customer.history();
            // Rebuilding from the records runs every check of the model again.
            assertEquals(history, CustomerHistory.of(customer.id(), history.orders(), history.refunds()));
            assertFalse(history.orders().isEmpty());
            Map<String, Order> orders = history.orders().stream().collect(Collectors.toMap(Order::id, Function.identity()));
            for (Order order : history.orders()) {
                assertTrue(ids.add(order.id()), order.id());
                assertFalse(order.placedAt().isBefore(start), order.id() + " at " + order.placedAt());
                assertTrue(order.placedAt().isBefore(end), order.id() + " at " + order.placedAt());
                assertEquals(currency, order.currency());
                assertEquals("web", order.source());
            }
            for (Refund refund : history.refunds()) {
                assertTrue(ids.add(refund.id()), refund.id());
                Order order = orders.get(refund.orderId().orElseThrow());
                assertFalse(refund.at().isBefore(order.placedAt()), refund.id());
                assertTrue(refund.at().isBefore(end), refund.id() + " at " + refund.at());
                assertEquals(currency, refund.amount().currency());
            }
        }
    }

    @Property(tries = 100)
    void aSmallerShopIsAPrefixOfALargerOne(@ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int customers,
                                           @ForAll @IntRange(min = 0, max = 10) int more) {
        ShopGenerator small = ShopGenerator.newBuilder().seed(seed).customers(customers).build();
        ShopGenerator large = ShopGenerator.newBuilder().seed(seed).customers(customers + more).build();
        assertEquals(small.generate(), large.stream().limit(customers).toList());
    }
}
