package io.recall.segment;

import io.recall.model.Money;
import io.recall.rfm.Binning;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** classify is deterministic and total: every customer ends in exactly one segment of the scheme. */
class SegmenterProperties {

    @Provide
    Arbitrary<Segmenter> segmenters() {
        return Arbitraries.of("seed4", "rfm8", "rfm11").flatMap(name -> {
            SegmentScheme scheme = SegmentScheme.builtIn(name);
            int levels = scheme.levels();
            return Arbitraries.integers().between(1, 100).flatMap(n -> net.jqwik.api.Combinators.combine(
                    Arbitraries.integers().between(0, 700).array(int[].class).ofSize(n),
                    Arbitraries.integers().between(1, 60).array(int[].class).ofSize(n),
                    Arbitraries.longs().between(0, 5_000_000).array(long[].class).ofSize(n),
                    Arbitraries.of(Binning.QUANTILE, levels == 2 ? Binning.MEAN : Binning.QUANTILE))
                    .as((r, f, m, b) -> Segmenter.of(ScoringModel.fit(r, f, m, levels, b,
                            RfmOptions.of(Money.currency("GBP")), LocalDate.of(2024, 1, 1)), scheme)));
        });
    }

    @Property
    void classifyIsDeterministicAndTotal(@ForAll("segmenters") Segmenter segmenter,
                                         @ForAll @IntRange(min = 0, max = 100_000) int days,
                                         @ForAll @IntRange(min = 1, max = 100_000) int frequency,
                                         @ForAll long monetary) {
        Segment first = segmenter.classify(days, frequency, monetary);
        assertNotNull(first);
        assertSame(first, segmenter.classify(days, frequency, monetary));
        assertTrue(segmenter.scheme().segments().contains(first));
        // The table path and the sequential rule path agree.
        var score = segmenter.score(days, frequency, monetary);
        Segment byRules = null;
        for (SegmentRule rule : segmenter.scheme().rules()) {
            if (rule.conditions().stream().allMatch(c -> c.test(switch (c.field()) {
                case R -> score.r();
                case F -> score.f();
                case M -> score.m();
                case FM -> score.fm();
                default -> throw new AssertionError("built-ins test scores only");
            }))) {
                byRules = rule.segment();
                break;
            }
        }
        assertEquals(byRules == null ? segmenter.scheme().fallback().orElseThrow() : byRules, first);
    }

    @Provide
    Arbitrary<SegmentScheme> randomSchemes() {
        return new SegmentSchemeProperties().drafts().map(draft -> {
            try {
                return SegmentSchemeProperties.build(draft);
            } catch (io.recall.config.ConfigException invalid) {
                return null;
            }
        }).filter(java.util.Objects::nonNull);
    }

    /** Schemes that test raw metrics take the sequential path; it must agree with a plain first match. */
    @Property(tries = 300)
    void theSequentialPathIsAPlainFirstMatch(@ForAll("randomSchemes") SegmentScheme scheme,
                                             @ForAll @IntRange(min = 0, max = 3_000) int days,
                                             @ForAll @IntRange(min = 1, max = 3_000) int frequency,
                                             @ForAll @net.jqwik.api.constraints.LongRange(min = -1000, max = 200_000) long monetary,
                                             @ForAll @IntRange(min = 0, max = 3_000) int extraTenure) {
        int levels = scheme.levels();
        ScoringModel model = ScoringModel.given(RfmOptions.of(Money.currency("GBP")),
                java.util.stream.IntStream.range(1, levels).map(i -> i * 60).boxed().toList(),
                java.util.stream.IntStream.range(1, levels).map(i -> i * 3).boxed().toList(),
                java.util.stream.IntStream.range(1, levels).mapToObj(i -> Money.ofMinor(i * 20_000L, Money.currency("GBP"))).toList());
        Segmenter segmenter = Segmenter.of(model, scheme);
        int tenure = days + extraTenure;
        var score = model.score(days, frequency, monetary);
        Segment expected = scheme.fallback().orElse(null);
        for (SegmentRule rule : scheme.rules()) {
            if (rule.conditions().stream().allMatch(c -> c.test(switch (c.field()) {
                case R -> score.r();
                case F -> score.f();
                case M -> score.m();
                case FM -> score.fm();
                case RECENCY_DAYS -> days;
                case FREQUENCY -> frequency;
                case MONETARY -> monetary;
                case TENURE_DAYS -> tenure;
            }))) {
                expected = rule.segment();
                break;
            }
        }
        assertNotNull(expected, "validation guarantees a match or a fallback");
        assertEquals(expected, segmenter.classify(days, frequency, monetary, tenure));
        var classification = segmenter.classification(new io.recall.rfm.RfmMetrics("c", days, frequency,
                Money.ofMinor(monetary, Money.currency("GBP")), tenure));
        assertEquals(expected, classification.segment());
        assertEquals(score, classification.score());
    }

    @Property
    void jsonRoundTripOfTheModelKeepsEverySegment(@ForAll("segmenters") Segmenter segmenter,
                                                  @ForAll @IntRange(min = 0, max = 1000) int days,
                                                  @ForAll @IntRange(min = 1, max = 100) int frequency,
                                                  @ForAll long monetary) {
        Segmenter reloaded = Segmenter.of(ScoringModel.fromJson(segmenter.model().toJson()),
                SegmentScheme.fromJson(segmenter.scheme().toJson()));
        assertEquals(segmenter.classify(days, frequency, monetary), reloaded.classify(days, frequency, monetary));
    }
}
