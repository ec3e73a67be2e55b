package io.recall.rfm;

import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.model.Refund;
import io.recall.model.RefundKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The streaming aggregator and the history calculator are one computation, whatever the event order. */
class RfmAggregatorProperties {

    static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    @Provide
    Arbitrary<CustomerHistory> histories() {
        Arbitrary<Order> orders = Combinators.combine(
                Arbitraries.integers().between(0, 40),
                Arbitraries.longs().between(0, 400L * 86_400),
                Arbitraries.longs().between(0, 100_000))
                .as((id, offset, pence) -> new Order("o" + id, "c", START.plusSeconds(offset), "web",
                        List.of(OrderLine.ofTotal("S", Optional.empty(), 1, Money.ofMinor(pence, Money.currency("GBP"))))));
        return orders.list().ofMinSize(1).ofMaxSize(12).flatMap(list -> {
            Arbitrary<List<Refund>> refunds = Combinators.combine(
                    Arbitraries.integers().between(0, list.size() - 1),
                    Arbitraries.longs().between(0, 30L * 86_400),
                    Arbitraries.longs().between(1, 120_000),
                    Arbitraries.of(true, false))
                    .as((which, delay, pence, linked) -> {
                        Order o = list.get(which);
                        return new Refund("r" + which + "-" + delay, "c", o.placedAt().plusSeconds(delay),
                                RefundKind.RETURN, linked ? Optional.of(o.id()) : Optional.empty(), "web",
                                Money.ofMinor(pence, Money.currency("GBP")), List.of());
                    }).list().ofMaxSize(3);
            return refunds.map(r -> CustomerHistory.of("c", list, r));
        });
    }

    @Property(tries = 300)
    void aggregatorGivesTheCalculatorsMetrics(@ForAll("histories") CustomerHistory history,
                                              @ForAll FrequencyBasis frequencyBasis,
                                              @ForAll MonetaryBasis monetaryBasis,
                                              @ForAll("zones") ZoneId zone,
                                              @ForAll long shuffleSeed) {
        RfmOptions options = RfmOptions.of(Money.currency("GBP")).withZone(zone)
                .withFrequencyBasis(frequencyBasis).withMonetaryBasis(monetaryBasis);
        Optional<RfmMetrics> expected = RfmCalculator.of(options).compute(history, AS_OF);

        // Feed the same events line by line, in a shuffled order, as a file would.
        List<Runnable> feed = new ArrayList<>();
        RfmAggregator aggregator = RfmAggregator.create(options);
        for (Order order : history.orders()) {
            feed.add(() -> aggregator.addPurchase(order.customerId(), order.id(), order.placedAt(), order.total()));
        }
        for (Refund refund : history.refunds()) {
            feed.add(() -> aggregator.addRefund(refund.customerId(), refund.id(), refund.at(), refund.amount(),
                    refund.orderId()));
        }
        Collections.shuffle(feed, new java.util.Random(shuffleSeed));
        feed.forEach(Runnable::run);

        assertEquals(expected.map(List::of).orElse(List.of()), aggregator.metrics(AS_OF));
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZoneId.of("UTC"), ZoneId.of("Europe/London"), ZoneId.of("Asia/Shanghai"),
                ZoneId.of("America/Los_Angeles"), ZoneId.of("Pacific/Kiritimati"));
    }
}
