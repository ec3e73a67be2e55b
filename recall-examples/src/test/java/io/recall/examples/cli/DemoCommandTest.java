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
    }
}
