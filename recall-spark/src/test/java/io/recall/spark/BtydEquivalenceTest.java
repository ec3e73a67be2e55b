package io.recall.spark;

import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderEvent;
import io.recall.model.Money;
import io.recall.predict.BgNbdModel;
import io.recall.predict.BtydAggregator;
import io.recall.predict.BtydSummary;
import io.recall.predict.ClvTerms;
import io.recall.predict.FitException;
import io.recall.predict.GammaGammaModel;
import io.recall.predict.Horizon;
import io.recall.predict.LifetimeValue;
import io.recall.predict.ParetoNbdModel;
import io.recall.predict.PeriodUnit;
import io.recall.predict.PurchaseModel;
import io.recall.testing.SharedData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BTYD on Spark against the single-JVM core on the same lines: the same summary for every customer, the
 * same parameters (to 1e-6 relative) from patterns collected instead of customers, and the same P(alive),
 * expected purchases and CLV scored on the executors.
 */
class BtydEquivalenceTest {

    static final ClvTerms TERMS = new ClvTerms(Horizon.weeks(52), Horizon.weeks(13), new BigDecimal("0.01"),
            new BigDecimal("0.3"), RoundingMode.HALF_EVEN);

    /** Both sides on one data set. */
    static final class Fits {
        final List<BtydSummary> coreSummaries;
        final Map<String, BtydSummary> sparkSummaries = new TreeMap<>();
        final Dataset<Row> summaries;
        final SparkBtyd btyd;
        final int patterns;

        Fits(CoreLines lines, ZoneId zone, Currency currency, LocalDate end) {
            BtydAggregator aggregator = BtydAggregator.create(zone);
            for (OrderEvent e : lines.events()) {
                if (e instanceof OrderEvent.PurchaseLine p) {
                    aggregator.addPurchase(p.customerId(), p.orderId(), p.at(), p.orderLine().amount());
                } else if (e instanceof OrderEvent.RefundLine r) {
                    aggregator.addRefund(r.customerId(), r.orderId(), r.at(), r.orderLine().amount());
                }
            }
            coreSummaries = aggregator.summaries(end, PeriodUnit.WEEKS);
            OrderLines orderLines = OrderLines.of(lines.toDataset(TestSpark.session()), OrderColumns.defaults(),
                    currency, zone);
            btyd = SparkBtyd.of(zone, currency, end, PeriodUnit.WEEKS);
            summaries = btyd.summaries(orderLines).cache();
            for (Row row : summaries.collectAsList()) {
                BtydSummary s = btyd.toSummary(row);
                sparkSummaries.put(s.customerId(), s);
            }
            patterns = btyd.purchasePatterns(summaries).patterns();
        }

        void assertSameSummaries() {
            assertEquals(coreSummaries.size(), sparkSummaries.size());
            List<String> differences = new ArrayList<>();
            for (BtydSummary core : coreSummaries) {
                BtydSummary spark = sparkSummaries.get(core.customerId());
                if (!core.equals(spark) && differences.size() < 10) {
                    differences.add("core " + core + " spark " + spark);
                }
            }
            assertTrue(differences.isEmpty(), "summaries differ, e.g. " + differences);
        }
    }

    static void assertSameParameters(Map<String, Double> core, Map<String, Double> spark) {
        assertEquals(core.keySet(), spark.keySet());
        core.forEach((name, value) -> assertEquals(1, spark.get(name) / value, 1e-6,
                name + ": core " + value + ", spark " + spark.get(name)));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CdnowCalibrationWeeks {

        Fits fits;

        @BeforeAll
        void runBoth() {
            // The papers' calibration period: 1997-01-01 to 1997-09-30, in weeks.
            fits = new Fits(CoreLines.read(SharedData.cdnowMaster(), InputFormat.CDNOW), ZoneId.of("UTC"),
                    Money.currency("USD"), LocalDate.of(1997, 9, 30));
        }

        @Test
        void everyCustomerHasTheSameSummary() {
            assertEquals(23_570, fits.coreSummaries.size());
            fits.assertSameSummaries();
        }

        @Test
        void patternsAreFarFewerThanCustomers() {
            assertTrue(fits.patterns < fits.coreSummaries.size() / 2,
                    fits.patterns + " patterns for " + fits.coreSummaries.size() + " customers");
        }

        @Test
        void fittedParametersAgreeAndScoresMatchOnEveryCustomer() {
            BgNbdModel coreBg = BgNbdModel.fit(fits.coreSummaries);
            ParetoNbdModel corePareto = ParetoNbdModel.fit(fits.coreSummaries);
            GammaGammaModel coreGg = GammaGammaModel.fit(fits.coreSummaries);
            BgNbdModel sparkBg = fits.btyd.fitBgNbd(fits.summaries);
            ParetoNbdModel sparkPareto = fits.btyd.fitParetoNbd(fits.summaries);
            GammaGammaModel sparkGg = fits.btyd.fitGammaGamma(fits.summaries);
            assertSameParameters(coreBg.parameters(), sparkBg.parameters());
            assertSameParameters(corePareto.parameters(), sparkPareto.parameters());
            assertSameParameters(coreGg.parameters(), sparkGg.parameters());
            assertEquals(coreBg.fit().orElseThrow().customers(), sparkBg.fit().orElseThrow().customers());
            assertEquals(coreGg.fit().orElseThrow().customers(), sparkGg.fit().orElseThrow().customers());
            assertScoredLikeTheCore(sparkBg, sparkGg);
            assertScoredLikeTheCore(sparkPareto, sparkGg);
        }

        /** The executors' scores equal the core's with the same (JSON round-tripped) models, customer by customer. */
        private void assertScoredLikeTheCore(PurchaseModel purchases, GammaGammaModel spend) {
            Map<String, Row> scored = new TreeMap<>();
            for (Row row : fits.btyd.score(fits.summaries, purchases, spend, TERMS).collectAsList()) {
                scored.put(row.getAs(SparkBtyd.CUSTOMER_ID), row);
            }
            assertEquals(fits.coreSummaries.size(), scored.size());
            List<String> differences = new ArrayList<>();
            for (BtydSummary s : fits.coreSummaries) {
                Row row = scored.get(s.customerId());
                double alive = purchases.probabilityAlive(s);
                double expected = purchases.expectedPurchases(TERMS.horizon(), s);
                BigDecimal clv = LifetimeValue.of(purchases, spend, s, TERMS).amount();
                if ((alive != row.<Double>getAs(SparkBtyd.P_ALIVE)
                        || expected != row.<Double>getAs(SparkBtyd.EXPECTED_PURCHASES)
                        || clv.compareTo(row.getAs(SparkBtyd.CLV)) != 0) && differences.size() < 10) {
                    differences.add(s + ": core " + alive + " " + expected + " " + clv + ", spark " + row);
                }
            }
            assertTrue(differences.isEmpty(), purchases.name() + " scores differ, e.g. " + differences);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnlineRetailWithCancellations {

        Fits fits;

        @BeforeAll
        void runBoth() {
            fits = new Fits(CoreLines.read(SharedData.onlineRetail(), InputFormat.ONLINE_RETAIL),
                    ZoneId.of("Europe/London"), Money.currency("GBP"), LocalDate.of(2011, 9, 30));
        }

        @Test
        void everyCustomerHasTheSameSummary() {
            fits.assertSameSummaries();
        }

        /**
         * Gamma-Gamma agrees to 1e-6. BG/NBD runs to the edge here: the dropout shape a goes to ~1e-7 (hardly
         * anyone seems to leave within the period), where the likelihood is flat in a and b, so the core refuses
         * the fit with a reason instead of returning parameters nobody can trust. Fitted on Spark's patterns,
         * the same data must be refused for the same reason.
         */
        @Test
        void fittedParametersAgreeAndBothRefuseTheUnidentifiedBgNbd() {
            assertSameParameters(GammaGammaModel.fit(fits.coreSummaries).parameters(),
                    fits.btyd.fitGammaGamma(fits.summaries).parameters());
            FitException core = assertThrows(FitException.class, () -> BgNbdModel.fit(fits.coreSummaries));
            FitException spark = assertThrows(FitException.class, () -> fits.btyd.fitBgNbd(fits.summaries));
            assertTrue(core.getMessage().contains("do not identify a and b"), core.getMessage());
            assertTrue(spark.getMessage().contains("do not identify a and b"), spark.getMessage());
        }
    }
}
