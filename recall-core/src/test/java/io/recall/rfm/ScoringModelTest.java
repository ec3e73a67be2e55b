package io.recall.rfm;

import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import io.recall.model.Money;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringModelTest {

    static final RfmOptions GBP = RfmOptions.of(Money.currency("GBP"));
    static final LocalDate AS_OF = LocalDate.of(2024, 1, 1);

    static ScoringModel fitTen(int levels, Binning binning) {
        // Ten customers: recency 0..90 days, frequency 1..10, monetary 1.00..10.00
        int[] r = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90};
        int[] f = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        long[] m = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};
        return ScoringModel.fit(r, f, m, levels, binning, GBP, AS_OF);
    }

    @Nested
    class Quantiles {
        @Test
        void thresholdsAreTheLowerQuantileValues() {
            ScoringModel model = fitTen(5, Binning.QUANTILE);
            assertEquals(List.of(10, 30, 50, 70), model.recencyThresholds());
            assertEquals(List.of(2, 4, 6, 8), model.frequencyThresholds());
            assertEquals(List.of(Money.of("2", "GBP"), Money.of("4", "GBP"), Money.of("6", "GBP"), Money.of("8", "GBP")),
                    model.monetaryThresholds());
            assertEquals(10, model.population());
        }

        @Test
        void eachQuintileHoldsAFifth() {
            ScoringModel model = fitTen(5, Binning.QUANTILE);
            int[] perScore = new int[6];
            for (int f = 1; f <= 10; f++) {
                perScore[model.frequencyScore(f)]++;
            }
            assertEquals(List.of(2, 2, 2, 2, 2), List.of(perScore[1], perScore[2], perScore[3], perScore[4], perScore[5]));
        }

        @Test
        void recencyIsReversedSoRecentIsHigh() {
            ScoringModel model = fitTen(5, Binning.QUANTILE);
            assertEquals(5, model.recencyScore(0));
            assertEquals(5, model.recencyScore(10));
            assertEquals(4, model.recencyScore(11));
            assertEquals(1, model.recencyScore(1000));
        }

        @Test
        void tiesNeverSplitAndMayLeaveALevelEmpty() {
            // 60 % of customers bought once: they all score 1; the ties decide, not the row order.
            int[] f = {1, 1, 1, 1, 1, 1, 2, 3, 4, 5};
            ScoringModel model = ScoringModel.fit(new int[10], f, new long[10], 5, Binning.QUANTILE, GBP, AS_OF);
            assertEquals(List.of(1, 1, 1, 3), model.frequencyThresholds());
            assertEquals(1, model.frequencyScore(1));
            assertEquals(4, model.frequencyScore(2));
            assertEquals(4, model.frequencyScore(3));
            assertEquals(5, model.frequencyScore(4));
        }
    }

    @Test
    void meanBinningSplitsStrictlyAboveTheMean() {
        ScoringModel model = fitTen(2, Binning.MEAN);
        // mean recency 45 days: recent means fewer than 45 days; mean frequency 5.5; mean monetary 5.50
        assertEquals(2, model.recencyScore(44));
        assertEquals(1, model.recencyScore(45));
        assertEquals(1, model.frequencyScore(5));
        assertEquals(2, model.frequencyScore(6));
        assertEquals(1, model.monetaryScore(550));
        assertEquals(2, model.monetaryScore(551));
    }

    @Test
    void givenThresholdsAreUpperBounds() {
        ScoringModel model = ScoringModel.given(GBP, List.of(30, 90, 180, 365), List.of(1, 2, 4, 8),
                List.of(Money.of("50", "GBP"), Money.of("100", "GBP"), Money.of("250", "GBP"), Money.of("1000", "GBP")));
        assertEquals(5, model.recencyScore(30));
        assertEquals(4, model.recencyScore(31));
        assertEquals(1, model.frequencyScore(1));
        assertEquals(2, model.frequencyScore(2));
        assertEquals(5, model.frequencyScore(9));
        assertEquals(2, model.monetaryScore(5001));
        assertEquals(Binning.GIVEN, model.binning());
        assertEquals(Optional.empty(), model.asOf());
    }

    @Test
    void scoresAreCachedInstancesSoScoringDoesNotAllocate() {
        ScoringModel model = fitTen(5, Binning.QUANTILE);
        assertTrue(model.score(0, 10, 1000) == model.score(1, 9, 999));
        assertEquals(new RfmScore(5, 5, 5), model.score(0, 10, 1000));
    }

    @Nested
    class Errors {
        @Test
        void meanBinningNeedsTwoLevels() {
            assertThrows(IllegalArgumentException.class, () -> fitTen(5, Binning.MEAN));
        }

        @Test
        void negativeRecencyOrNoPurchaseCannotBeScored() {
            ScoringModel model = fitTen(5, Binning.QUANTILE);
            assertThrows(IllegalArgumentException.class, () -> model.score(-1, 1, 0));
            assertThrows(IllegalArgumentException.class, () -> model.score(0, 0, 0));
        }

        @Test
        void hugeGivenThresholdsStillScoreBeyondTheLookupTables() {
            ScoringModel model = ScoringModel.given(GBP, List.of(10, 100_000), List.of(1, 90_000),
                    List.of(Money.of("1", "GBP"), Money.of("2", "GBP")));
            assertEquals(2, model.recencyScore(70_000));
            assertEquals(model.cell(2, 2, 1), model.cellIndex(70_000, 70_000, 0));
            assertEquals(model.cell(1, 3, 3), model.cellIndex(100_001, 90_001, 1_000));
        }

        @Test
        void levelsOutOfRangeAreRejectedBeforeFitting() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScoringModel.fit(new int[] {1}, new int[] {1}, new long[] {1}, 1, Binning.QUANTILE, GBP, AS_OF));
            assertTrue(e.getMessage().contains("levels must be 2..9"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> ScoringModel.fit(new int[] {1}, new int[] {1}, new long[] {1}, 0, Binning.QUANTILE, GBP, AS_OF));
        }

        @Test
        void aPopulationWithoutPurchasesIsNamedNotMisreported() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScoringModel.fit(new int[] {1, 2}, new int[] {1, 0}, new long[] {1, 1}, 2, Binning.QUANTILE, GBP, AS_OF));
            assertTrue(e.getMessage().contains("customer 1"), e.getMessage());
        }

        @Test
        void emptyPopulationCannotBeFitted() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScoringModel.fit(List.of(), 5, Binning.QUANTILE, GBP, AS_OF));
            assertTrue(e.getMessage().contains("empty population"));
        }

        @Test
        void givenMoneyWithTooManyDecimalsIsRejected() {
            assertThrows(IllegalArgumentException.class, () -> ScoringModel.given(GBP, List.of(30), List.of(1),
                    List.of(Money.of("1.005", "GBP"))));
        }

        @Test
        void brokenJsonReportsEveryProblemWithItsPath() {
            String json = """
                    {"type": "recall.rfm-scoring-model", "version": 1, "levels": 3, "binning": "median",
                     "currency": "GBX", "zone": "Europe/Lnd", "frequencyBasis": "orders", "monetaryBasis": "total",
                     "population": 10, "recencyDays": [30, 10], "frequency": [1], "monetary": ["1.005", "2"],
                     "colour": "blue"}
                    """;
            ConfigException e = assertThrows(ConfigException.class, () -> ScoringModel.fromJson(json));
            List<String> paths = e.problems().stream().map(ConfigProblem::path).toList();
            assertTrue(paths.containsAll(List.of("$.binning", "$.currency", "$.zone", "$.recencyDays[1]",
                    "$.frequency", "$.colour")), paths.toString());
        }

        @Test
        void syntaxErrorsNameLineAndColumn() {
            ConfigException e = assertThrows(ConfigException.class, () -> ScoringModel.fromJson("{\"levels\": 5,,}"));
            assertTrue(e.problems().get(0).path().contains("line 1"), e.getMessage());
        }
    }

    @Test
    void jsonRoundTripGivesAnEqualModelAndTheSameText() {
        ScoringModel model = fitTen(5, Binning.QUANTILE);
        String json = model.toJson();
        ScoringModel back = ScoringModel.fromJson(json);
        assertEquals(model, back);
        assertEquals(json, back.toJson());
        assertTrue(json.contains("\"monetary\" : [ \"2.00\", \"4.00\", \"6.00\", \"8.00\" ]"), json);
    }
}
