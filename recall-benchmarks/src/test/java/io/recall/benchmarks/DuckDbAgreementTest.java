package io.recall.benchmarks;

import io.recall.model.Money;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peer of {@link FitScoreBenchmark} computes the same thing as Recall: on the whole Online Retail
 * file, the same customers, the same metrics for each, the same quintile thresholds and the same scores.
 * A benchmark of two engines that disagree would compare nothing.
 */
class DuckDbAgreementTest {

    record Row(int recencyDays, int frequency, long monetaryMinorUnits, int r, int f, int m) {
    }

    static DuckDbRfmJob duckDb;
    static final Map<String, Row> recall = new TreeMap<>();
    static final Map<String, Row> peer = new TreeMap<>();
    static Thresholds recallThresholds;
    static Thresholds peerThresholds;

    @BeforeAll
    static void runBoth() throws Exception {
        Path file = OnlineRetail.file();
        recallThresholds = new RecallRfmJob().run(file, OnlineRetail.AS_OF, collectInto(recall));
        duckDb = DuckDbRfmJob.open();
        peerThresholds = duckDb.run(file, OnlineRetail.AS_OF, collectInto(peer));
    }

    @AfterAll
    static void close() throws SQLException {
        if (duckDb != null) {
            duckDb.close();
        }
    }

    private static CustomerSink collectInto(Map<String, Row> rows) {
        return (id, recency, frequency, monetary, r, f, m) -> {
            Row earlier = rows.put(id, new Row(recency, frequency, monetary, r, f, m));
            assertEquals(null, earlier, "customer " + id + " was reported twice");
        };
    }

    @Test
    void bothFindThe4338Customers() {
        assertEquals(4_338, recall.size());
        assertEquals(4_338, peer.size());
        assertEquals(recall.keySet(), peer.keySet());
    }

    @Test
    void everyCustomerHasTheSameMetrics() {
        List<String> differences = new ArrayList<>();
        for (String id : new TreeSet<>(recall.keySet())) {
            Row a = recall.get(id);
            Row b = peer.get(id);
            if (b == null || a.recencyDays() != b.recencyDays() || a.frequency() != b.frequency()
                    || a.monetaryMinorUnits() != b.monetaryMinorUnits()) {
                differences.add(id + ": recall " + a + ", duckdb " + b);
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " customers differ, e.g. "
                + differences.subList(0, Math.min(10, differences.size())));
    }

    @Test
    void theQuintileThresholdsAreTheSame() {
        assertEquals(recallThresholds, peerThresholds);
        assertEquals(4, recallThresholds.recencyDays().size());
        assertEquals(4, recallThresholds.frequency().size());
        assertEquals(4, recallThresholds.monetaryMinorUnits().size());
    }

    @Test
    void everyCustomerHasTheSameScores() {
        List<String> differences = new ArrayList<>();
        recall.forEach((id, a) -> {
            Row b = peer.get(id);
            if (b == null || a.r() != b.r() || a.f() != b.f() || a.m() != b.m()) {
                differences.add(id + ": recall " + a + ", duckdb " + b);
            }
        });
        assertTrue(differences.isEmpty(), differences.size() + " customers differ, e.g. "
                + differences.subList(0, Math.min(10, differences.size())));
    }

    /** The SQL's building blocks, checked on their own so a failure above points at the cause. */
    @Nested
    class TheSqlBuildingBlocks {

        @Test
        void quantileDiscPicksRankCeilOfIOverFiveTimesN() throws SQLException {
            // Every population size up to 2,000 (values 0..n-1, so the value is the index), and every
            // multiple of 5 up to 10,000, where i*N/5 is a whole number and q*N in floating point could slip.
            String sql = """
                    WITH sizes AS (SELECT range AS n FROM range(1, 2001)
                                   UNION SELECT range AS n FROM range(2005, 10001, 5)),
                         populations AS (SELECT n, x FROM sizes, LATERAL (SELECT range AS x FROM range(0, n))),
                         fitted AS (SELECT n, quantile_disc(x, [0.2, 0.4, 0.6, 0.8]) AS cuts
                                    FROM populations GROUP BY n)
                    SELECT count(*), count(*) FILTER (WHERE cuts <> [(1 * n + 4) // 5 - 1, (2 * n + 4) // 5 - 1,
                                                                     (3 * n + 4) // 5 - 1, (4 * n + 4) // 5 - 1])
                    FROM fitted
                    """;
            try (Statement s = duckDb.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
                assertTrue(rs.next());
                assertEquals(2_000 + 1_600, rs.getLong(1));
                assertEquals(0, rs.getLong(2), "population sizes where quantile_disc is not the lower quantile");
            }
        }

        @Test
        void halfEvenToPenceRoundsTiesToTheEvenPenny() throws SQLException {
            // x in 1/10000 GBP -> pence
            long[][] cases = {
                    {0, 0}, {49, 0}, {50, 0}, {51, 1}, {150, 2}, {250, 2}, {12_345_650, 123_456}, {12_345_750, 123_458},
                    {-49, 0}, {-50, 0}, {-51, -1}, {-150, -2}, {-250, -2}, {-12_345_650, -123_456}, {10, 0}, {-10, 0}};
            for (long[] c : cases) {
                try (Statement s = duckDb.connection().createStatement();
                     ResultSet rs = s.executeQuery("SELECT " + DuckDbRfmJob.HALF_EVEN_TO_PENCE
                             + " FROM (SELECT CAST(" + c[0] + " AS HUGEINT) AS x)")) {
                    assertTrue(rs.next());
                    assertEquals(c[1], rs.getLong(1), "x = " + c[0]);
                }
            }
        }
    }

    /** The hand-written baseline of {@link ClassifyBenchmark} maps score codes to the same segments as Recall. */
    @Test
    void theNaiveSegmentTableIsRfm11() {
        // Thresholds 1..4 make each score equal to the value (recency: 6 - value).
        RfmOptions options = RfmOptions.of(Money.currency("GBP"));
        ScoringModel identity = ScoringModel.given(options, List.of(1, 2, 3, 4), List.of(1, 2, 3, 4),
                List.of(Money.ofMinor(1, options.currency()), Money.ofMinor(2, options.currency()),
                        Money.ofMinor(3, options.currency()), Money.ofMinor(4, options.currency())));
        Segmenter segmenter = Segmenter.of(identity, SegmentScheme.builtIn("rfm11"));
        Map<String, String> naive = NaiveClassifier.segmentByCode();
        assertEquals(125, naive.size());
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    Segment segment = segmenter.classify(6 - r, f, m);
                    assertEquals(segment.id(), naive.get("" + r + f + m), "code " + r + f + m);
                }
            }
        }
    }
}
