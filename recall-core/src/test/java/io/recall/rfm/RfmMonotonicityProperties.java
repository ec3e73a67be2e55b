package io.recall.rfm;

import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end, from history to score: a more recent purchase never lowers R, more spend never lowers M,
 * another purchase never lowers F, whatever model scores them.
 */
class RfmMonotonicityProperties {

    static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);
    static final RfmOptions GBP = RfmOptions.of(Money.currency("GBP"));

    @Provide
    Arbitrary<ScoringModel> models() {
        return Arbitraries.integers().between(5, 80).flatMap(n -> net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 700).array(int[].class).ofSize(n),
                Arbitraries.integers().between(1, 30).array(int[].class).ofSize(n),
                Arbitraries.longs().between(0, 500_000).array(long[].class).ofSize(n),
                Arbitraries.integers().between(2, 9))
                .as((r, f, m, levels) -> ScoringModel.fit(r, f, m, levels, Binning.QUANTILE, GBP, AS_OF)));
    }

    @Provide
    Arbitrary<CustomerHistory> histories() {
        return RfmAggregatorPropertiesAccess.histories();
    }

    private static Order order(String id, LocalDate day, long pence) {
        return new Order(id, "c", day.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC), "web",
                List.of(OrderLine.ofTotal("S", Optional.empty(), 1, Money.ofMinor(pence, GBP.currency()))));
    }

    @Property(tries = 300)
    void aLaterPurchaseNeverLowersRAndAnotherNeverLowersF(@ForAll("histories") CustomerHistory history,
                                                          @ForAll("models") ScoringModel model,
                                                          @ForAll @IntRange(min = 0, max = 30) int daysBeforeAsOf,
                                                          @ForAll @LongRange(min = 0, max = 100_000) long pence) {
        RfmCalculator calc = RfmCalculator.of(GBP);
        Optional<RfmMetrics> before = calc.compute(history, AS_OF);
        List<Order> more = new ArrayList<>(history.orders());
        more.add(order("later", AS_OF.minusDays(daysBeforeAsOf), pence));
        RfmMetrics after = calc.compute(CustomerHistory.of("c", more, history.refunds()), AS_OF).orElseThrow();
        before.ifPresent(b -> {
            RfmScore s0 = model.score(b);
            RfmScore s1 = model.score(after);
            if (after.recencyDays() <= b.recencyDays()) {
                assertTrue(s1.r() >= s0.r(), "R fell from " + s0 + " to " + s1);
            }
            assertTrue(s1.f() >= s0.f(), "F fell from " + s0 + " to " + s1);
        });
    }

    @Property(tries = 300)
    void moreSpendOnAnOrderNeverLowersM(@ForAll("histories") CustomerHistory history,
                                        @ForAll("models") ScoringModel model,
                                        @ForAll @LongRange(min = 0, max = 1_000_000) long extraPence) {
        RfmCalculator calc = RfmCalculator.of(GBP);
        Optional<RfmMetrics> before = calc.compute(history, AS_OF);
        Order first = history.orders().get(0);
        List<OrderLine> lines = new ArrayList<>(first.lines());
        lines.add(OrderLine.ofTotal("EXTRA", Optional.empty(), 1, Money.ofMinor(extraPence, GBP.currency())));
        List<Order> orders = new ArrayList<>(history.orders());
        orders.set(0, new Order(first.id(), "c", first.placedAt(), first.source(), lines));
        Optional<RfmMetrics> after = calc.compute(CustomerHistory.of("c", orders, history.refunds()), AS_OF);
        before.ifPresent(b -> after.ifPresent(a ->
                assertTrue(model.score(a).m() >= model.score(b).m(), "M fell from " + model.score(b) + " to " + model.score(a))));
    }
}
