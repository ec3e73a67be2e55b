package io.recall.ingest;

import io.recall.model.Money;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UCI Online Retail file, read as it is: every row accounted for, the published counts reproduced. */
class OnlineRetailImportTest {

    static ImportReport report;
    static long purchaseLines;
    static long refundLines;
    static Set<String> purchasers = new HashSet<>();
    static Set<String> everyone = new HashSet<>();
    static List<RfmMetrics> metrics;

    @BeforeAll
    static void importOnce() throws IOException {
        RfmAggregator aggregator = RfmAggregator.create(RfmOptions.of(Money.currency("GBP"))
                .withZone(ZoneId.of("Europe/London")));
        var toAggregator = OrderImporter.toAggregator(aggregator);
        report = OrderImporter.read(SharedData.onlineRetail(), InputFormat.ONLINE_RETAIL, ImportOptions.defaults(),
                event -> {
                    if (event instanceof OrderEvent.PurchaseLine) {
                        purchaseLines++;
                        purchasers.add(event.customerId());
                    } else {
                        refundLines++;
                    }
                    everyone.add(event.customerId());
                    toAggregator.accept(event);
                }, ProgressListener.NONE);
        metrics = aggregator.metrics(LocalDate.of(2011, 12, 10));
    }

    static RfmMetrics metricsOf(String customer) {
        return metrics.stream().filter(m -> m.customerId().equals(customer)).findFirst().orElseThrow();
    }

    @Test
    void everyRowIsAccountedFor() {
        assertEquals(541_909, report.rowsRead());
        assertEquals(report.rowsRead(), report.rowsAccepted() + report.rowsMerged() + report.rowsRejected());
    }

    @Test
    void yieldsThePublishedCustomersAndPurchaseLines() {
        assertEquals(4_338, purchasers.size());
        assertEquals(4_338, metrics.size());
        // 397,884 clean purchase lines, of which the exact repeats within an invoice are merged, not counted twice.
        assertEquals(397_884, report.purchaseLines());
        assertEquals(report.purchaseLines() - purchaseLines + report.refundLines() - refundLines, report.rowsMerged());
        assertTrue(report.rowsMerged() > 5_000, "UCI's exact duplicate lines are merged: " + report.rowsMerged());
    }

    @Test
    void rowsWithoutACustomerAreRejectedWithTheirReason() {
        assertEquals(135_080, report.rejected(RejectReason.MISSING_CUSTOMER_ID));
        assertEquals(40, report.rejected(RejectReason.NON_POSITIVE_PRICE));
        assertEquals(report.rowsRejected(), report.rejected(RejectReason.MISSING_CUSTOMER_ID)
                + report.rejected(RejectReason.NON_POSITIVE_PRICE));
        RowRejection first = report.samples().get(0);
        assertEquals(RejectReason.MISSING_CUSTOMER_ID, first.reason());
        assertEquals(624, first.line(), "the physical line of the first guest-checkout row");
    }

    @Test
    void cancellationsAreNettedFromMonetary() {
        // 12346 bought 74,215 units at 1.04 and cancelled them minutes later (invoices 541431 and C541433).
        RfmMetrics c12346 = metricsOf("12346");
        assertEquals(Money.of("0.00", "GBP"), c12346.monetary());
        assertEquals(1, c12346.frequency(), "Online Retail cancellations name no order, so the purchase stays");
        // 16446 did the same with 80,995 units (581483 and C581484) and had bought little besides.
        assertTrue(metricsOf("16446").monetary().amount().signum() >= 0);
        assertTrue(metricsOf("16446").monetary().compareTo(Money.of("1000", "GBP")) < 0);
        assertTrue(refundLines > 8_000, "cancellation lines of known customers are used: " + refundLines);
        assertTrue(everyone.size() > purchasers.size(), "some customers only cancelled");
    }
}
