package io.recall.segment;

import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentSchemeTest {

    @Nested
    class BuiltIns {
        @ParameterizedTest
        @ValueSource(strings = {"seed4", "rfm8", "rfm11"})
        void everySegmentHasEnglishAndChineseLabels(String name) {
            for (Segment s : SegmentScheme.builtIn(name).segments()) {
                assertFalse(s.label(Locale.ENGLISH).isBlank());
                String zh = s.label(Locale.SIMPLIFIED_CHINESE);
                assertTrue(zh.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN),
                        s.id() + " has no Chinese label: " + zh);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"seed4", "rfm8", "rfm11"})
        void jsonRoundTripGivesAnEqualScheme(String name) {
            SegmentScheme scheme = SegmentScheme.builtIn(name);
            assertEquals(scheme, SegmentScheme.fromJson(scheme.toJson()));
        }

        @Test
        void rfm11HasTheElevenCommonSegments() {
            assertEquals(List.of("champions", "loyal", "potential-loyalist", "new", "promising", "need-attention",
                            "about-to-sleep", "at-risk", "cant-lose-them", "hibernating", "lost"),
                    SegmentScheme.builtIn("rfm11").segments().stream().map(Segment::id).toList());
        }

        @Test
        void rfm11IsATruePartitionEveryCellCoveredOnceEverySegmentReachable() {
            SegmentScheme scheme = SegmentScheme.builtIn("rfm11");
            int levels = scheme.levels();
            BitSet union = new BitSet();
            int total = 0;
            for (SegmentRule rule : scheme.rules()) {
                BitSet cells = SegmentScheme.scoreCells(levels, rule);
                assertFalse(cells.isEmpty(), rule.segment().id() + " is unreachable");
                BitSet overlap = (BitSet) cells.clone();
                overlap.and(union);
                assertTrue(overlap.isEmpty(), rule.segment().id() + " overlaps earlier segments at cells " + overlap);
                union.or(cells);
                total += cells.cardinality();
            }
            assertEquals(125, union.cardinality(), "every r,f,m cell is covered");
            assertEquals(125, total, "and covered exactly once");
            assertTrue(scheme.fallback().isEmpty(), "a true partition needs no fallback");
        }

        @Test
        void seed4FollowsTheClassicDefinitions() {
            SegmentScheme seed4 = SegmentScheme.builtIn("seed4");
            Map<String, Set<String>> cells = cellsBySegment(seed4);
            assertEquals(Set.of("222"), cells.get("important-value"));
            assertEquals(Set.of("121", "122", "221"), cells.get("important-develop"), "frequent but not recent or low spend");
            assertEquals(Set.of("212"), cells.get("important-keep"), "recent, high spend, infrequent");
            assertEquals(Set.of("111"), cells.get("general"));
            assertEquals(Set.of("112", "211"), cells.get("other"), "the explicit remainder");
        }

        @Test
        void rfm8FollowsTheStandardEightClassTable() {
            Map<String, Set<String>> cells = cellsBySegment(SegmentScheme.builtIn("rfm8"));
            assertEquals(Map.of("important-value", Set.of("222"), "important-develop", Set.of("212"),
                    "important-keep", Set.of("122"), "important-retain", Set.of("112"),
                    "general-value", Set.of("221"), "general-develop", Set.of("211"),
                    "general-keep", Set.of("121"), "general-retain", Set.of("111")), cells);
        }

        private Map<String, Set<String>> cellsBySegment(SegmentScheme scheme) {
            var model = io.recall.rfm.ScoringModel.given(io.recall.rfm.RfmOptions.of(io.recall.model.Money.currency("GBP")),
                    List.of(10), List.of(1), List.of(io.recall.model.Money.of("10", "GBP")));
            Segmenter segmenter = Segmenter.of(model, scheme);
            Map<String, Set<String>> result = new java.util.TreeMap<>();
            int[] days = {11, 5};
            int[] freq = {1, 2};
            long[] money = {1000, 1001};
            for (int r = 1; r <= 2; r++) {
                for (int f = 1; f <= 2; f++) {
                    for (int m = 1; m <= 2; m++) {
                        Segment s = segmenter.classify(days[r - 1], freq[f - 1], money[m - 1]);
                        result.computeIfAbsent(s.id(), k -> new java.util.TreeSet<>()).add("" + r + f + m);
                    }
                }
            }
            return result;
        }
    }

    @Nested
    class LoadErrors {
        private List<String> paths(String json) {
            ConfigException e = assertThrows(ConfigException.class, () -> SegmentScheme.fromJson(json));
            return e.problems().stream().map(ConfigProblem::path).collect(Collectors.toList());
        }

        private String messages(String json) {
            return assertThrows(ConfigException.class, () -> SegmentScheme.fromJson(json)).getMessage();
        }

        @Test
        void unknownFallbackSegmentIsNamed() {
            String json = """
                    {"name": "x", "levels": 2, "segments": [
                      {"id": "a", "labels": {"en": "A"}, "when": {"r": 2}}], "fallback": "rest"}""";
            assertEquals(List.of("$.fallback"), paths(json));
            assertTrue(messages(json).contains("unknown segment \"rest\""));
        }

        @Test
        void ruleShadowedByEarlierRulesIsUnreachable() {
            String json = """
                    {"name": "x", "levels": 2, "segments": [
                      {"id": "a", "labels": {"en": "A"}, "when": {"r": {"min": 1}}},
                      {"id": "b", "labels": {"en": "B"}, "when": {"r": 2, "f": 2}}]}""";
            assertEquals(List.of("$.segments[1].when"), paths(json));
            assertTrue(messages(json).contains("unreachable rule"));
        }

        @Test
        void thresholdOutOfRangeNamesTheBound() {
            String json = """
                    {"name": "x", "levels": 5, "segments": [
                      {"id": "a", "labels": {"en": "A"}, "when": {"r": {"min": 0, "max": 6}}},
                      {"id": "rest", "labels": {"en": "Rest"}}], "fallback": "rest"}""";
            assertEquals(List.of("$.segments[0].when.r.min", "$.segments[0].when.r.max"), paths(json));
        }

        @Test
        void rulesLeavingCellsUncoveredNeedAFallback() {
            String json = """
                    {"name": "x", "levels": 2, "segments": [
                      {"id": "a", "labels": {"en": "A"}, "when": {"r": 2}}]}""";
            assertEquals(List.of("$.fallback"), paths(json));
            assertTrue(messages(json).contains("missing fallback"), messages(json));
            assertTrue(messages(json).contains("r=1, f=1, m=1"), messages(json));
        }

        @Test
        void fallbackAfterACompletePartitionIsUnreachable() {
            String json = """
                    {"name": "x", "levels": 2, "segments": [
                      {"id": "a", "labels": {"en": "A"}, "when": {"r": {"min": 1}}},
                      {"id": "rest", "labels": {"en": "Rest"}}], "fallback": "rest"}""";
            assertTrue(messages(json).contains("unreachable fallback"), messages(json));
        }

        @Test
        void unknownFieldsAreReportedWhereverTheyAre() {
            String json = """
                    {"name": "x", "levels": 2, "colour": "red", "segments": [
                      {"id": "a", "labels": {"en": "A"}, "when": {"recency": 2}, "weight": 3},
                      {"id": "rest", "labels": {"en": "Rest"}}], "fallback": "rest"}""";
            assertEquals(List.of("$.colour", "$.segments[0].weight", "$.segments[0].when.recency"), paths(json));
        }

        @Test
        void everyProblemIsReportedAtOnce() {
            String json = """
                    {"name": "", "levels": 12, "segments": [
                      {"id": "Bad Id", "labels": {"zh-CN": "坏"}},
                      {"id": "b", "labels": {"en": "B"}, "when": {"monetary": {"min": "10.005"}}}]}""";
            List<String> paths = paths(json);
            assertTrue(paths.containsAll(List.of("$.name", "$.levels", "$.segments[0].labels.en", "$.currency")), paths.toString());
        }

        @Test
        void duplicateIdsAndSegmentsWithoutConditionsAreErrors() {
            String json = """
                    {"name": "x", "levels": 2, "segments": [
                      {"id": "a", "labels": {"en": "A"}, "when": {"r": 2}},
                      {"id": "a", "labels": {"en": "A again"}, "when": {"r": 1}},
                      {"id": "idle", "labels": {"en": "Idle"}}]}""";
            List<String> paths = paths(json);
            assertTrue(paths.contains("$.segments[1].id"), paths.toString());
        }

        @Test
        void brokenJsonNamesLineAndColumn() {
            String message = messages("{\"name\": \"x\",\n \"levels\": 2,,\n}");
            assertTrue(message.contains("line 2"), message);
        }

        @Test
        void monetaryBoundsAreReadExactlyNeverAsDoubles() {
            SegmentScheme scheme = SegmentScheme.fromJson("""
                    {"name": "x", "levels": 2, "currency": "GBP", "segments": [
                      {"id": "big", "labels": {"en": "Big"}, "when": {"monetary": {"min": 90071992547409.93}}},
                      {"id": "rest", "labels": {"en": "Rest"}}], "fallback": "rest"}""");
            assertEquals(9_007_199_254_740_993L, scheme.rules().get(0).conditions().get(0).min());
        }

        @Test
        void aRepeatedKeyIsAnErrorNotLastOneWins() {
            String message = messages("{\"name\": \"x\", \"levels\": 5, \"levels\": 3, \"segments\": []}");
            assertTrue(message.contains("levels"), message);
        }

        @Test
        void aFrequencyRuleNobodyCanMeetIsRejected() {
            String json = """
                    {"name": "x", "levels": 2, "segments": [
                      {"id": "none", "labels": {"en": "None"}, "when": {"frequency": {"max": 0}}},
                      {"id": "rest", "labels": {"en": "Rest"}}], "fallback": "rest"}""";
            assertEquals(List.of("$.segments[0].when.frequency.max"), paths(json));
        }

        @Test
        void aMonetaryConditionNeedsTheSchemeCurrency() {
            String json = """
                    {"name": "x", "levels": 2, "segments": [
                      {"id": "big", "labels": {"en": "Big"}, "when": {"monetary": {"min": "100"}}},
                      {"id": "rest", "labels": {"en": "Rest"}}], "fallback": "rest"}""";
            assertEquals(List.of("$.currency"), paths(json));
        }
    }

    @Nested
    class JavaBuilt {
        @Test
        void boundsOutsideTheJsonDomainAreRejectedSoEverySchemeReloads() {
            ConfigException e = assertThrows(ConfigException.class, () -> SegmentScheme.newBuilder("x", 2)
                    .segment(Segment.of("a", "A"), Condition.between(Field.FREQUENCY, -5, 3))
                    .fallback(Segment.of("rest", "Rest")).build());
            assertEquals(List.of("$.segments[0].when.frequency.min"),
                    e.problems().stream().map(ConfigProblem::path).toList());
        }

        @Test
        void aRuleMustGoToTheListedSegmentOfItsId() {
            Segment listed = Segment.of("a", "A");
            Segment impostor = Segment.of("a", "Other");
            ConfigException e = assertThrows(ConfigException.class, () -> new SegmentScheme("x", 2, java.util.Optional.empty(),
                    List.of(listed, Segment.of("rest", "Rest")),
                    List.of(new SegmentRule(impostor, List.of(Condition.is(Field.R, 2)))),
                    java.util.Optional.of(Segment.of("rest", "Rest"))));
            assertTrue(e.getMessage().contains("another segment with the id \"a\""), e.getMessage());
        }

        @Test
        void blankLabelsAreRejected() {
            assertThrows(IllegalArgumentException.class, () -> Segment.of("a", " "));
        }
    }

    @Test
    void labelLookupByLanguageAloneIsTheSameInEveryRun() {
        Segment s = new Segment("x", Map.of("en", "X", "zh-TW", "繁體", "zh-HK", "香港", "zh-CN", "简体"));
        assertEquals("简体", s.label(Locale.CHINESE), "zh finds zh-CN first, alphabetically");
        assertEquals("繁體", s.label(Locale.TRADITIONAL_CHINESE));
        assertEquals("X", s.label(Locale.FRENCH));
    }

    @Test
    void javaBuiltSchemeEqualsItsJson() {
        Segment vip = Segment.of("vip", "VIP", "贵宾");
        Segment rest = Segment.of("rest", "Everyone else");
        SegmentScheme scheme = SegmentScheme.newBuilder("vip", 5)
                .currency(io.recall.model.Money.currency("GBP"))
                .segment(vip, Condition.atLeast(Field.R, 4), Condition.atLeast(Field.MONETARY, 100_000))
                .or(vip, Condition.is(Field.FM, 5))
                .fallback(rest)
                .build();
        SegmentScheme back = SegmentScheme.fromJson(scheme.toJson());
        assertEquals(scheme, back);
        assertTrue(scheme.toJson().contains("\"1000.00\""), scheme.toJson());
        assertTrue(scheme.toJson().contains("anyOf"));
    }
}
