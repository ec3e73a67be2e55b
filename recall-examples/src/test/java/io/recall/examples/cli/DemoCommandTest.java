package io.recall.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first command: generated shop in, segments out, every row accounted for. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void demoGeneratesImportsAndSegmentsAShop() throws IOException {
        SegmentCommandTest.Run r = SegmentCommandTest.run("demo", "--customers", "800", "--seed", "7",
                "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("generated 800 customers (seed 7)"), r.out());
        assertTrue(r.out().contains("champions"), r.out());
        JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(0, s.get("rowsRejected").asLong(), "generated data is clean");
        assertEquals(s.get("rowsRead").asLong(), s.get("rowsAccepted").asLong());
        long segmented = StreamSupport.stream(s.get("segments").spliterator(), false).mapToLong(JsonNode::asLong).sum();
        assertEquals(s.get("customers").asLong(), segmented);
        assertEquals(800, s.get("customers").asLong() + s.get("customersWithoutPurchase").asLong());
        assertTrue(Files.size(dir.resolve("segments.csv")) > 0);
        assertTrue(Files.readString(dir.resolve("model.json")).contains("recall.rfm-scoring-model"));
    }

    @Test
    void theSameSeedGivesTheSameSegments() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, SegmentCommandTest.run("demo", "--customers", "300", "--out", a.toString()).exit());
        assertEquals(0, SegmentCommandTest.run("demo", "--customers", "300", "--out", b.toString()).exit());
        assertEquals(Files.readAllLines(a.resolve("segments.csv")), Files.readAllLines(b.resolve("segments.csv")));
        assertEquals(Files.readAllLines(a.resolve("orders.csv")), Files.readAllLines(b.resolve("orders.csv")));
        assertEquals(Files.readAllLines(a.resolve("campaign-record.csv")),
                Files.readAllLines(b.resolve("campaign-record.csv")));
        assertEquals(Files.readString(a.resolve("measurement.json")), Files.readString(b.resolve("measurement.json")));
        assertEquals(Files.readString(a.resolve("delivery.json")), Files.readString(b.resolve("delivery.json")));
    }

    @Test
    void demoRunsAWinBackCampaignEndToEndAndEveryCountReconciles() throws IOException {
        SegmentCommandTest.Run r = SegmentCommandTest.run("demo", "--customers", "2000", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        for (String f : new String[] {"campaign.json", "campaign-record.json", "campaign-record.csv", "delivery.json",
                "measurement.json", "measurement.csv", "recall-db.mv.db"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f + " missing");
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode record = json.readTree(dir.resolve("campaign-record.json").toFile());
        long targeted = record.get("targeted").asLong();
        long heldOut = record.get("heldOut").asLong();
        long excluded = record.get("excluded").asLong();
        assertTrue(targeted > 0 && heldOut > 0, record.toString());
        assertEquals(record.get("considered").asLong(), targeted + heldOut + excluded);
        long byReason = StreamSupport.stream(record.get("excludedByReason").spliterator(), false)
                .mapToLong(JsonNode::asLong).sum();
        assertEquals(excluded, byReason);
        assertEquals(record.get("considered").asLong() + 1, Files.readAllLines(dir.resolve("campaign-record.csv")).size());

        JsonNode delivery = json.readTree(dir.resolve("delivery.json").toFile());
        JsonNode states = delivery.get("states");
        long sent = states.get("sent").get("count").asLong();
        long suppressed = states.get("suppressed").get("count").asLong();
        long dead = states.get("dead-lettered").get("count").asLong();
        assertTrue(delivery.get("balances").asBoolean());
        assertEquals(targeted, delivery.get("enqueued").asLong(), "one message per targeted customer");
        assertEquals(delivery.get("enqueued").asLong(), sent + suppressed + dead, delivery.toString());
        assertTrue(sent > 0 && suppressed > 0, delivery.toString());

        JsonNode measured = json.readTree(dir.resolve("measurement.json").toFile());
        String text = measured.toString();
        assertTrue(text.contains("uplift"), text);
        assertTrue(r.out().contains("uplift"), r.out());
        assertTrue(r.out().contains("messages"), r.out());
        // The injected uplift is positive: the measured one must point the same way for the default seed.
        assertTrue(r.out().matches("(?s).*uplift\\s+\\+\\d.*"), r.out());
    }
}
