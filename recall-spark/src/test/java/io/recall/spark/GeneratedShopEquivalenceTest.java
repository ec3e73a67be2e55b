package io.recall.spark;

import io.recall.generator.ShopGenerator;
import io.recall.ingest.OrderEvent;
import io.recall.model.Money;
import io.recall.predict.BtydAggregator;
import io.recall.predict.BtydSummary;
import io.recall.predict.PeriodUnit;
import io.recall.rfm.Binning;
import io.recall.rfm.RfmOptions;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated shop has what the real files lack: refunds linked to their orders (partial returns,
 * whole-order cancellations that remove the purchase) and purchases around midnight in a zone with
 * daylight saving. Spark must still agree with the core on every customer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedShopEquivalenceTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);

    CoreLines lines;
    BothSides both;

    @BeforeAll
    void runBoth() {
        lines = CoreLines.of(ShopGenerator.newBuilder().seed(11).customers(3_000).build().generate());
        RfmOptions options = RfmOptions.of(Money.currency("GBP")).withZone(LONDON);
        both = new BothSides(lines, options, AS_OF, 5, Binning.QUANTILE, "rfm11");
    }

    @Test
    void theDataHasLinkedRefundsThatCancelWholeOrders() {
        long linked = lines.events().stream().filter(e -> e instanceof OrderEvent.RefundLine r && r.orderId().isPresent())
                .count();
        assertTrue(linked > 100, linked + " linked refunds");
    }

    @Test
    void everyCustomerHasTheSameMetricsModelAndSegment() {
        assertTrue(both.coreMetrics.size() > 1_000);
        assertEquals(both.coreMetrics.size(), both.sparkMetrics.size());
        List<String> differences = both.metricDifferences();
        assertTrue(differences.isEmpty(), "customers differ, e.g. " + differences);
        assertEquals(both.coreModel, both.sparkModel);
        assertEquals(both.coreSegments, both.sparkSegments);
    }

    @Test
    void everyCustomerHasTheSameBtydSummary() {
        BtydAggregator aggregator = BtydAggregator.create(LONDON);
        for (OrderEvent e : lines.events()) {
            if (e instanceof OrderEvent.PurchaseLine p) {
                aggregator.addPurchase(p.customerId(), p.orderId(), p.at(), p.orderLine().amount());
            } else if (e instanceof OrderEvent.RefundLine r) {
                aggregator.addRefund(r.customerId(), r.orderId(), r.at(), r.orderLine().amount());
            }
        }
        List<BtydSummary> core = aggregator.summaries(AS_OF, PeriodUnit.DAYS);
        SparkBtyd btyd = SparkBtyd.of(LONDON, Money.currency("GBP"), AS_OF, PeriodUnit.DAYS);
        OrderLines orderLines = OrderLines.of(lines.toDataset(TestSpark.session()), OrderColumns.defaults(),
                Money.currency("GBP"), LONDON);
        Map<String, BtydSummary> spark = new TreeMap<>();
        for (Row row : btyd.summaries(orderLines).collectAsList()) {
            BtydSummary s = btyd.toSummary(row);
            spark.put(s.customerId(), s);
        }
        assertEquals(core.size(), spark.size());
        for (BtydSummary s : core) {
            assertEquals(s, spark.get(s.customerId()));
        }
    }
}
