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
        System.out.println(report);
        System.out.println("purchaseLines=" + purchaseLines + " refundLines=" + refundLines + " purchasers="
                + purchasers.size() + " everyone=" + everyone.size() + " metrics=" + metrics.size());
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
        assertTrue(purchaseLines <= 397_884);
    }
}
