package io.recall.rfm;

import io.recall.model.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringModelProperties {

    @Provide
    Arbitrary<ScoringModel> models() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 200);
        return size.flatMap(n -> Arbitraries.integers().between(2, 9).flatMap(levels -> {
            Arbitrary<int[]> r = Arbitraries.integers().between(0, 2000).array(int[].class).ofSize(n);
            Arbitrary<int[]> f = Arbitraries.integers().between(1, 500).array(int[].class).ofSize(n);
            Arbitrary<long[]> m = Arbitraries.longs().between(-10_000, 10_000_000).array(long[].class).ofSize(n);
            Arbitrary<Binning> binning = levels == 2 ? Arbitraries.of(Binning.QUANTILE, Binning.MEAN)
                    : Arbitraries.just(Binning.QUANTILE);
            Arbitrary<String> currency = Arbitraries.of("GBP", "USD", "JPY", "CNY", "KWD");
            return net.jqwik.api.Combinators.combine(r, f, m, binning, currency).as((rs, fs, ms, b, c) ->
                    ScoringModel.fit(rs, fs, ms, levels, b, RfmOptions.of(Money.currency(c))
                            .withZone(ZoneId.of("Europe/London")), LocalDate.of(2024, 6, 30)));
        }));
    }

    /** Given thresholds anywhere in their domain, well past the lookup tables' reach, and without an as-of date. */
    @Provide
    Arbitrary<ScoringModel> givenModels() {
        return Arbitraries.integers().between(2, 9).flatMap(levels -> net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofSize(levels - 1),
                Arbitraries.integers().between(1, Integer.MAX_VALUE).list().ofSize(levels - 1),
                Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L).list().ofSize(levels - 1))
                .as((r, f, m) -> {
                    RfmOptions gbp = RfmOptions.of(Money.currency("GBP"));
                    return ScoringModel.given(gbp, r.stream().sorted().toList(), f.stream().sorted().toList(),
                            m.stream().sorted().map(v -> Money.ofMinor(v, gbp.currency())).toList());
                }));
    }

    @Property(tries = 300)
    void givenModelsScoreByDefinitionAndRoundTrip(@ForAll("givenModels") ScoringModel model,
                                                  @ForAll @IntRange(min = 0) int days,
                                                  @ForAll @IntRange(min = 1) int frequency,
                                                  @ForAll long monetary) {
        assertEquals(model.cell(model.recencyScore(days), model.frequencyScore(frequency), model.monetaryScore(monetary)),
                model.cellIndex(days, frequency, monetary));
        assertEquals(model, ScoringModel.fromJson(model.toJson()));
    }

    @Property
    void jsonRoundTripIsExact(@ForAll("models") ScoringModel model) {
        ScoringModel back = ScoringModel.fromJson(model.toJson());
        assertEquals(model, back);
        assertEquals(model.toJson(), back.toJson());
    }

    @Property
    void scoresStayInRange(@ForAll("models") ScoringModel model, @ForAll @IntRange(min = 0) int days,
                           @ForAll @IntRange(min = 1) int frequency, @ForAll long monetary) {
        RfmScore s = model.score(days, frequency, monetary);
        assertTrue(s.r() >= 1 && s.r() <= model.levels());
        assertTrue(s.f() >= 1 && s.f() <= model.levels());
        assertTrue(s.m() >= 1 && s.m() <= model.levels());
    }

    @Property
    void theLookupTablesGiveTheDefinitionsScores(@ForAll("models") ScoringModel model,
                                                 @ForAll @IntRange(min = 0, max = 200_000) int days,
                                                 @ForAll @IntRange(min = 1, max = 200_000) int frequency,
                                                 @ForAll long monetary) {
        assertEquals(model.cell(model.recencyScore(days), model.frequencyScore(frequency), model.monetaryScore(monetary)),
                model.cellIndex(days, frequency, monetary));
    }

    @Property
    void aMoreRecentPurchaseNeverLowersR(@ForAll("models") ScoringModel model,
                                         @ForAll @IntRange(min = 0, max = 5000) int days,
                                         @ForAll @IntRange(min = 0, max = 5000) int fewer) {
        int recent = Math.max(0, days - fewer);
        assertTrue(model.recencyScore(recent) >= model.recencyScore(days));
    }

    @Property
    void moreSpendNeverLowersM(@ForAll("models") ScoringModel model, @ForAll @LongRange(min = -1_000_000, max = 100_000_000) long spend,
                               @ForAll @LongRange(min = 0, max = 100_000_000) long more) {
        assertTrue(model.monetaryScore(spend + more) >= model.monetaryScore(spend));
    }

    @Property
    void moreOccasionsNeverLowerF(@ForAll("models") ScoringModel model, @ForAll @IntRange(min = 1, max = 10_000) int f,
                                  @ForAll @IntRange(min = 0, max = 10_000) int more) {
        assertTrue(model.frequencyScore(f + more) >= model.frequencyScore(f));
    }

    @Property
    void eachQuantileThresholdHasItsShareAtOrBelowIt(
            @ForAll("frequencies") int[] frequencies, @ForAll @IntRange(min = 2, max = 9) int levels) {
        int n = frequencies.length;
        ScoringModel model = ScoringModel.fit(new int[n], frequencies, new long[n], levels, Binning.QUANTILE,
                RfmOptions.of(Money.currency("GBP")), LocalDate.of(2024, 1, 1));
        var thresholds = model.frequencyThresholds();
        for (int i = 1; i < levels; i++) {
            int t = thresholds.get(i - 1);
            long atOrBelow = java.util.Arrays.stream(frequencies).filter(v -> v <= t).count();
            long below = java.util.Arrays.stream(frequencies).filter(v -> v < t).count();
            long share = -Math.floorDiv(-(long) i * n, levels); // ceil(i·n/levels)
            assertTrue(atOrBelow >= share, "threshold " + i + " = " + t + " has only " + atOrBelow + " at or below it");
            assertTrue(below < share, "threshold " + i + " = " + t + " is higher than the quantile value");
        }
    }

    @Provide
    Arbitrary<int[]> frequencies() {
        return Arbitraries.integers().between(1, 30).array(int[].class).ofMinSize(1).ofMaxSize(300);
    }
}
