package io.recall.spark;

import io.recall.ingest.InputFormat;
import io.recall.model.Money;
import io.recall.rfm.Binning;
import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.MonetaryBasis;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark and the single-JVM core on the same real lines (read once by the core's importer, then handed to
 * both): the same customers with the same metrics, the same fitted model, the same segment for every
 * customer.
 */
class RfmEquivalenceTest {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnlineRetailQuintiles {

        BothSides both;

        @BeforeAll
        void runBoth() {
            CoreLines lines = CoreLines.read(SharedData.onlineRetail(), InputFormat.ONLINE_RETAIL);
            RfmOptions options = RfmOptions.of(Money.currency("GBP")).withZone(ZoneId.of("Europe/London"));
            both = new BothSides(lines, options, LocalDate.of(2011, 12, 10), 5, Binning.QUANTILE, "rfm11");
        }

        @Test
        void everyCustomerHasTheSameMetrics() {
            assertEquals(4_338, both.coreMetrics.size());
            assertEquals(both.coreMetrics.size(), both.sparkMetrics.size());
            List<String> differences = both.metricDifferences();
            assertTrue(differences.isEmpty(), "customers differ, e.g. " + differences);
        }

        @Test
        void theFittedModelIsTheCoresModel() {
            assertEquals(both.coreModel, both.sparkModel);
            assertEquals(both.coreModel.toJson(), both.sparkModel.toJson());
        }

        @Test
        void everyCustomerGetsTheSameSegment() {
            assertEquals(both.coreSegments, both.sparkSegments);
        }

        /**
         * Each approximate threshold is a population value whose rank range reaches within ε·N of the
         * exact rank ⌈i·N/5⌉: the bound {@link ApproximateModel} states.
         */
        @Test
        void approximateThresholdsStayWithinTheirRankBound() {
            ApproximateModel approximate = both.rfm.fitApproximately(both.metrics, 5, 0.01);
            assertEquals(4_338, approximate.population());
            assertEquals(45, approximate.rankErrorBound());
            ScoringModel model = approximate.model();
            int n = both.coreMetrics.size();
            long[] r = both.coreMetrics.stream().mapToLong(RfmMetrics::recencyDays).sorted().toArray();
            long[] f = both.coreMetrics.stream().mapToLong(RfmMetrics::frequency).sorted().toArray();
            long[] m = both.coreMetrics.stream().mapToLong(RfmMetrics::monetaryMinorUnits).sorted().toArray();
            for (int i = 1; i < 5; i++) {
                long target = -Math.floorDiv(-(long) i * n, 5);
                assertWithinRank(r, model.recencyThresholds().get(i - 1), target, approximate.rankErrorBound(), "R");
                assertWithinRank(f, model.frequencyThresholds().get(i - 1), target, approximate.rankErrorBound(), "F");
                assertWithinRank(m, model.monetaryThresholds().get(i - 1).toMinorUnits(java.math.RoundingMode.UNNECESSARY),
                        target, approximate.rankErrorBound(), "M");
            }
        }

        private void assertWithinRank(long[] sorted, long value, long target, long bound, String what) {
            int lo = Arrays.binarySearch(sorted, value);
            assertTrue(lo >= 0, what + " threshold " + value + " is not a value of the population");
            int first = lo;
            while (first > 0 && sorted[first - 1] == value) {
                first--;
            }
            int last = lo;
            while (last < sorted.length - 1 && sorted[last + 1] == value) {
                last++;
            }
            // 1-based ranks first+1..last+1 hold the value; one of them must be within the bound.
            assertTrue(first + 1 <= target + bound && last + 1 >= target - bound,
                    what + " threshold " + value + " holds ranks " + (first + 1) + ".." + (last + 1)
                            + ", farther than " + bound + " from " + target);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CdnowDistinctDaysAverageSpend {

        BothSides both;

        @BeforeAll
        void runBoth() {
            CoreLines lines = CoreLines.read(SharedData.cdnowMaster(), InputFormat.CDNOW);
            RfmOptions options = RfmOptions.of(Money.currency("USD")).withZone(ZoneId.of("UTC"))
                    .withFrequencyBasis(FrequencyBasis.DISTINCT_DAYS).withMonetaryBasis(MonetaryBasis.AVERAGE);
            // Mid-way, so later purchases must be cut by the as-of date.
            both = new BothSides(lines, options, LocalDate.of(1997, 9, 30), 5, Binning.QUANTILE, "rfm11");
        }

        @Test
        void everyCustomerHasTheSameMetrics() {
            assertEquals(23_570, both.coreMetrics.size());
            assertEquals(both.coreMetrics.size(), both.sparkMetrics.size());
            List<String> differences = both.metricDifferences();
            assertTrue(differences.isEmpty(), "customers differ, e.g. " + differences);
        }

        @Test
        void theFittedModelIsTheCoresModel() {
            assertEquals(both.coreModel, both.sparkModel);
        }

        @Test
        void everyCustomerGetsTheSameSegment() {
            assertEquals(both.coreSegments, both.sparkSegments);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CdnowMeanSplit {

        @Test
        void theMeanModelIsTheCoresModel() {
            CoreLines lines = CoreLines.read(SharedData.cdnowMaster(), InputFormat.CDNOW);
            RfmOptions options = RfmOptions.of(Money.currency("USD")).withZone(ZoneId.of("UTC"));
            BothSides both = new BothSides(lines, options, LocalDate.of(1998, 6, 30), 2, Binning.MEAN, "seed4");
            assertEquals(both.coreModel, both.sparkModel);
            assertEquals(both.coreSegments, both.sparkSegments);
        }
    }
}
