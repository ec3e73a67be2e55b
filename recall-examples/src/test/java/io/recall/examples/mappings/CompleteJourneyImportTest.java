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
import java.util.HashSet;
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
        MultiSourceImport.Result result = MultiSourceImport.of(config, config.identity(),
                Clock.fixed(Instant.parse("2018-01-01T00:00:00Z"), ZoneOffset.UTC)).run(event -> {
            households.add(event.customerId());
            lines[0] += event instanceof OrderEvent.PurchaseLine ? 1 : 0;
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
    }
}
