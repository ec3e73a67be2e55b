package io.recall.examples.mappings;

import io.recall.identity.IdentityRules;
import io.recall.ingest.ImportConfig;
import io.recall.ingest.ImportReport;
import io.recall.ingest.MultiSourceImport;
import io.recall.ingest.OrderEvent;
import io.recall.ingest.RejectReason;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Complete Journey tables through the built-in mapping: one customer view per household. */
class CompleteJourneyImportTest {

    @Test
    void transactionsAndDemographicsBecomeOneViewPerHousehold() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/io/recall/examples/mappings/complete-journey.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path folder = SharedData.file("dunnhumby_complete_journey/demographics.csv").getParent();
        ImportConfig config = ImportConfig.fromJson(json, folder);
        Set<String> households = new HashSet<>();
        long[] lines = new long[1];
        Map<String, Long> departments = new HashMap<>();
        MultiSourceImport.Result result = MultiSourceImport.of(config, config.identity(),
                Clock.fixed(Instant.parse("2018-01-01T00:00:00Z"), ZoneOffset.UTC)).run(event -> {
            households.add(event.customerId());
            if (event instanceof OrderEvent.PurchaseLine p) {
                lines[0]++;
                departments.merge(p.orderLine().category().orElse(""), 1L, Long::sum);
            }
        });

        ImportReport demographics = result.reports().get("households");
        assertEquals(801, demographics.rowsRead());
        assertEquals(801, demographics.rowsAccepted());
        assertEquals(801, result.resolution().customers().size());
        assertTrue(result.resolution().customers().stream().allMatch(c -> c.profile().ageBand().isPresent()));

        ImportReport tx = result.reports().get("transactions");
        assertEquals(75_000, tx.rowsRead());
        assertEquals(tx.rowsRead(), tx.rowsAccepted() + tx.rowsMerged() + tx.rowsRejected());
        // SOURCE.md: 416 lines have quantity 0 (rejected); of the lines with a sales value <= 0, the other 113
        // have a quantity and a zero value: free items, accepted as such. None is negative.
        assertEquals(416, tx.rejected(RejectReason.NON_POSITIVE_QUANTITY));
        assertEquals(416, tx.rowsRejected());
        assertEquals(75_000 - 416, tx.rowsAccepted());
        assertEquals(lines[0], tx.rowsAccepted());
        // Households are keyed by the demographics source whether or not they have a demographics row.
        assertTrue(households.stream().allMatch(h -> h.startsWith("households:")), households.iterator().next());
        assertTrue(households.size() > 2_300 && households.size() <= 2_377, "households with purchases: " + households.size());

        ImportReport products = result.reports().get("products");
        assertEquals(92_331, products.rowsRead());
        assertEquals(92_331, products.rowsAccepted(), "one row per product");
        assertEquals(products.rowsRead(), products.rowsAccepted() + products.rowsMerged() + products.rowsRejected());
        assertEquals(products.rowsAccepted() + products.rowsMerged(), products.products());
        // Lines take the catalogue's department: GROCERY 47,320 of 74,584, PRODUCE 7,582, DRUG GM 7,909...
        assertEquals(47_320, departments.get("GROCERY"), departments::toString);
        assertEquals(26, departments.size() - 1, "26 departments; " + departments);
        assertEquals(1, departments.get(""), "one sampled line has no department (empty in, or missing from, the catalogue)");
    }
}
