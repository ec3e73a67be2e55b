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
        assertEquals(Files.readAllLines(a.resolve("report.csv")), Files.readAllLines(b.resolve("report.csv")),
                "the funnel and the journeys are seeded too");
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
        JsonNode report = json.readTree(dir.resolve("report.json").toFile());
        long journeyEnqueued = 0;
        long journeySent = 0;
        for (JsonNode j : report.get("journeys")) {
            long entered = j.get("entered").asLong();
            assertTrue(entered > 0, j.toString());
            assertTrue(j.get("finished").asLong() + j.get("exited").asLong() <= entered, j.toString());
            assertTrue(j.get("sent").asLong() <= j.get("enqueued").asLong(), j.toString());
            assertTrue(j.get("enqueued").asLong() + j.get("skipped").asLong() <= j.get("moves").asLong(), j.toString());
            journeyEnqueued += j.get("enqueued").asLong();
            journeySent += j.get("sent").asLong();
        }
        assertEquals(2, report.get("journeys").size(), report.get("journeys").toString());
        assertTrue(journeySent > 0, report.get("journeys").toString());
        assertEquals(targeted + journeyEnqueued, delivery.get("enqueued").asLong(),
                "one message per targeted customer, plus the journeys' follow-ups, all in the one outbox");
        assertEquals(delivery.get("enqueued").asLong(), sent + suppressed + dead, delivery.toString());
        assertTrue(sent > 0 && suppressed > 0, delivery.toString());

        // The funnel: every stage within the one before, and every sent message counted on its channel once.
        long funnelSent = 0;
        for (JsonNode f : report.get("funnels")) {
            long s = f.get("sent").asLong();
            long d = f.get("delivered").asLong();
            long o = f.get("opened").asLong();
            long c = f.get("clicked").asLong();
            assertTrue(s >= d && d >= o && o >= c && c >= 0, f.toString());
            assertTrue(f.get("converted").asLong() <= s, f.toString());
            funnelSent += s;
        }
        assertEquals(sent, funnelSent, "the funnel's sent messages are the outbox's sent ones");
        JsonNode email = StreamSupport.stream(report.get("funnels").spliterator(), false)
                .filter(f -> f.get("channel").asText().equals("email")).findFirst().orElseThrow();
        assertTrue(email.get("opened").asLong() > 0 && email.get("clicked").asLong() > 0, email.toString());

        // Offers per segment add up to the offers the campaign made; the budgets hold what they used.
        long offersMade = StreamSupport.stream(record.get("offers").spliterator(), false)
                .mapToLong(o -> o.get("count").asLong()).sum();
        long perSegment = StreamSupport.stream(report.get("segmentOffers").spliterator(), false)
                .mapToLong(o -> o.get("made").asLong()).sum();
        assertEquals(offersMade, perSegment);
        JsonNode total = StreamSupport.stream(report.get("budgets").spliterator(), false)
                .filter(b -> b.get("budget").asText().equals("total")).findFirst().orElseThrow();
        assertEquals(0, new java.math.BigDecimal(total.get("used").get("amount").asText())
                .add(new java.math.BigDecimal(total.get("left").get("amount").asText()))
                .compareTo(new java.math.BigDecimal("20000.00")), total.toString());
        String html = Files.readString(dir.resolve("report.html"));
        for (String part : new String[] {"<h2>Follow-up journeys</h2>", "class=\"funnel-chart\"",
                "class=\"journey-chart\"", "<h3>Offers per segment</h3>"}) {
            assertTrue(html.contains(part), part);
        }
        assertTrue(r.out().contains("journey    win-back-not-opened"), r.out());
        assertTrue(r.out().contains("funnel     email"), r.out());

        JsonNode measured = json.readTree(dir.resolve("measurement.json").toFile());
        String text = measured.toString();
        assertTrue(text.contains("uplift"), text);
        assertTrue(r.out().contains("uplift"), r.out());
        assertTrue(r.out().contains("messages"), r.out());
        // The injected uplift is positive: the measured one must point the same way for the default seed.
        assertTrue(r.out().matches("(?s).*uplift\\s+\\+\\d.*"), r.out());
    }
}
