package io.recall.ingest;

import io.recall.model.Money;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The BTYDplus grocery event log as an import format. */
class GroceryImportTest {

    @Test
    void theRealLogIsOnePurchasePerRowForEveryCustomer() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedData.file("btyd_grocery/groceryElog.csv"));
        Imported imported = Imported.read(bytes, InputFormat.GROCERY, ImportOptions.defaults());
        ImportReport report = imported.report();
        // SOURCE.md: 10,483 rows, 1,525 customers, no duplicate rows, nobody twice on one day.
        assertEquals(10_483, report.rowsRead());
        assertEquals(10_483, report.rowsAccepted());
        assertEquals(0, report.rowsMerged() + report.rowsRejected());
        assertEquals(10_483, report.purchaseLines());
        Set<String> customers = new HashSet<>();
        imported.events().forEach(e -> customers.add(e.customerId()));
        assertEquals(1_525, customers.size());
        Instant first = imported.events().stream().map(OrderEvent::at).min(Instant::compareTo).orElseThrow();
        Instant last = imported.events().stream().map(OrderEvent::at).max(Instant::compareTo).orElseThrow();
        assertEquals(Instant.parse("2006-01-01T00:00:00Z"), first);
        assertEquals(Instant.parse("2007-12-30T00:00:00Z"), last);

        RfmAggregator aggregator = RfmAggregator.create(RfmOptions.of(Money.currency("EUR")));
        imported.events().forEach(OrderImporter.toAggregator(aggregator));
        List<RfmMetrics> metrics = aggregator.metrics(LocalDate.of(2007, 12, 31));
        assertEquals(1_525, metrics.size());
        assertEquals(10_483, metrics.stream().mapToLong(RfmMetrics::frequency).sum(), "one order per purchase day");
        assertTrue(metrics.stream().allMatch(m -> m.monetary().isZero()), "the log has no money");
    }

    @Test
    void badRowsAreRejectedWithTheirLineAndARepeatedDayIsMerged() {
        Imported imported = Imported.read("""
                "cust","date"
                "1","2006-01-01"
                "1","2006-01-01"
                "","2006-01-02"
                "2","2006-02-30"
                "2","01/02/2006"
                "3"
                "3","2006-03-01"
                """, InputFormat.GROCERY, ImportOptions.defaults().withCutoff(LocalDate.of(2006, 2, 28)));
        ImportReport r = imported.report();
        assertEquals(7, r.rowsRead());
        assertEquals(1, r.rowsAccepted());
        assertEquals(1, r.rowsMerged());
        assertEquals(1, r.rejected(RejectReason.MISSING_CUSTOMER_ID));
        assertEquals(2, r.rejected(RejectReason.UNPARSABLE_DATE));
        assertEquals(1, r.rejected(RejectReason.MALFORMED_ROW));
        assertEquals(1, r.rejected(RejectReason.AFTER_CUTOFF));
        assertEquals(5, r.samples().stream().filter(s -> s.reason() == RejectReason.UNPARSABLE_DATE)
                .findFirst().orElseThrow().line());
    }

    @Test
    void aWrongHeaderNamesWhatWasExpected() {
        ImportException e = assertThrows(ImportException.class,
                () -> Imported.read("customer,day\n1,2006-01-01\n", InputFormat.GROCERY, ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith("line 1: expected the header cust,date"), e.getMessage());
    }
}
