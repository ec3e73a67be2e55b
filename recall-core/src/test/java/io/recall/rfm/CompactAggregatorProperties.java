package io.recall.rfm;

import io.recall.internal.CustomerAccumulator;
import io.recall.model.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The aggregator's compact state gives exactly what one {@link CustomerAccumulator} per customer gives,
 * across every shape that leaves the compact form: ids that do not pack (long, Unicode, other
 * punctuation, empty), amounts with more decimals than pence or beyond ±2^31 pence, instants decades
 * apart, customers with more orders or refunds than the compact form holds, interleaved customers,
 * lines of one order apart, refunds linked to unknown orders.
 */
class CompactAggregatorProperties {

    static final java.util.Currency GBP = Money.currency("GBP");
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    /** One line of the stream. */
    record Line(String customer, boolean refund, String id, long second, BigDecimal amount, String linked) {
    }

    static final List<String> IDS = List.of("", "a", "a-", "a0", "A", "Z", "_", "z", "C1234567", "C1234567-1",
            "ABCDEFGHIJ", "ABCDEFGHIJK", "ABCDEFGHIJKL", "a b", "a~", "ç", "Ça", "\uD83D\uDE00", "0", "00", "9999999999",
            "c-00000000000000000000000000000000000");

    @Provide
    Arbitrary<List<Line>> streams() {
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.of(IDS),
                Arbitraries.integers().between(0, 30).map(i -> "o" + i));
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(-3L * 86_400, 400L * 86_400).map(s -> START.getEpochSecond() + s),
                Arbitraries.longs().between(-40_000L * 86_400, 40_000L * 86_400).map(s -> START.getEpochSecond() + s));
        Arbitrary<BigDecimal> amounts = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 100_000).map(p -> BigDecimal.valueOf(p, 2)),
                Arbitraries.longs().between(0, 100_000).map(p -> BigDecimal.valueOf(p, 3)),
                Arbitraries.longs().between(0, 100_000).map(p -> BigDecimal.valueOf(p, 0)),
                Arbitraries.longs().between(1_000_000_000L, 9_000_000_000L).map(p -> BigDecimal.valueOf(p, 2)),
                Arbitraries.of(new BigDecimal("1E+3"), new BigDecimal("21474836.47"), new BigDecimal("21474836.48")));
        Arbitrary<Line> line = Combinators.combine(Arbitraries.of(IDS.subList(0, 10)).injectDuplicates(0.3),
                        Arbitraries.of(false, false, true), ids, seconds, amounts,
                        Arbitraries.oneOf(ids, Arbitraries.<String>just(null)))
                .as(Line::new);
        // Bursts of one customer's distinct orders or refunds go past the compact form's limits.
        Arbitrary<List<Line>> burst = Combinators.combine(Arbitraries.of(IDS.subList(0, 4)), Arbitraries.of(false, true),
                        Arbitraries.integers().between(60, 70))
                .as((customer, refund, n) -> {
                    List<Line> lines = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        lines.add(new Line(customer, refund, "b" + i, START.getEpochSecond() + i * 86_400L,
                                BigDecimal.valueOf(100 + i, 2), refund ? "o" + (i % 5) : null));
                    }
                    return lines;
                });
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(8, line.list().ofMaxSize(60)),
                        net.jqwik.api.Tuple.of(2, Combinators.combine(line.list().ofMaxSize(30), burst,
                                line.list().ofMaxSize(30)).as((a, b, c) -> {
                            List<Line> all = new ArrayList<>(a);
                            all.addAll(b);
                            all.addAll(c);
                            return all;
                        })));
    }

    @Property(tries = 400)
    void compactStateGivesOneAccumulatorPerCustomersMetrics(@ForAll("streams") List<Line> lines,
                                                            @ForAll FrequencyBasis frequencyBasis,
                                                            @ForAll MonetaryBasis monetaryBasis,
                                                            @ForAll("zones") ZoneId zone) {
        RfmOptions options = RfmOptions.of(GBP).withZone(zone).withFrequencyBasis(frequencyBasis)
                .withMonetaryBasis(monetaryBasis);
        RfmAggregator aggregator = RfmAggregator.create(options);
        Map<String, CustomerAccumulator> reference = new HashMap<>();
        for (Line l : lines) {
            CustomerAccumulator acc = reference.computeIfAbsent(l.customer(), CustomerAccumulator::new);
            Money amount = Money.of(l.amount(), GBP);
            if (l.refund()) {
                aggregator.addRefund(l.customer(), l.id(), Instant.ofEpochSecond(l.second()), amount,
                        Optional.ofNullable(l.linked()));
                acc.refund(l.id(), l.second(), amount.amount(), l.linked());
            } else {
                aggregator.addPurchase(l.customer(), l.id(), Instant.ofEpochSecond(l.second()), amount);
                acc.purchase(l.id(), l.second(), amount.amount());
            }
        }
        for (LocalDate asOf : List.of(LocalDate.of(2024, 6, 30), LocalDate.of(2200, 1, 1))) {
            List<RfmMetrics> expected = new ArrayList<>();
            for (CustomerAccumulator acc : new TreeMap<>(reference).values()) {
                acc.metrics(asOf, GBP, zone, frequencyBasis, monetaryBasis).ifPresent(expected::add);
            }
            assertEquals(expected, aggregator.metrics(asOf));
            List<RfmMetrics> streamed = new ArrayList<>();
            aggregator.forEachMetrics(asOf, streamed::add);
            assertEquals(expected, streamed);
            if (expected.isEmpty()) {
                assertThrows(IllegalArgumentException.class, () -> aggregator.fit(asOf, 3, Binning.QUANTILE));
            } else {
                assertEquals(ScoringModel.fit(expected, 3, Binning.QUANTILE, options, asOf),
                        aggregator.fit(asOf, 3, Binning.QUANTILE));
                assertEquals(ScoringModel.fit(expected, 2, Binning.MEAN, options, asOf),
                        aggregator.fit(asOf, 2, Binning.MEAN));
            }
        }
        assertEquals(reference.size(), aggregator.customersSeen());
        long last = reference.values().stream().mapToLong(CustomerAccumulator::lastPurchaseEpochSecond).max()
                .orElse(Long.MIN_VALUE);
        assertEquals(last == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(last)),
                aggregator.lastPurchase());
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZoneId.of("UTC"), ZoneId.of("Europe/London"), ZoneId.of("America/Havana"),
                ZoneId.of("Pacific/Kiritimati"));
    }

    @Property(tries = 1000)
    void averagesRoundHalfEvenAsBigDecimalDoes(@ForAll long net, @ForAll("divisors") int frequency) {
        net = net >> 2;
        assertEquals(BigDecimal.valueOf(net).divide(BigDecimal.valueOf(frequency), 0, java.math.RoundingMode.HALF_EVEN)
                .longValueExact(), CompactCustomers.halfEvenDivide(net, frequency));
    }

    @Provide
    Arbitrary<Integer> divisors() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, Integer.MAX_VALUE));
    }

    @Property(tries = 1000)
    void packedIdsRoundTripAndSortLikeStrings(@ForAll("packable") String a, @ForAll("packable") String b) {
        assertEquals(a, CompactCustomers.unpack(CompactCustomers.pack(a)));
        assertEquals(Integer.signum(a.compareTo(b)),
                Long.signum(Long.compare(CompactCustomers.pack(a), CompactCustomers.pack(b))));
    }

    @Provide
    Arbitrary<String> packable() {
        return Arbitraries.strings().withChars("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
                .ofMaxLength(10);
    }

    @Example
    void idsThatDoNotPackAreKeptWhole() {
        for (String id : List.of("ABCDEFGHIJK", "a b", "a~", "ç", "a.b")) {
            assertEquals(-1, CompactCustomers.pack(id));
        }
    }
}
