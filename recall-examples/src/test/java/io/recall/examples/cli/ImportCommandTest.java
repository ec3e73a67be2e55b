package io.recall.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportCommandTest {

    @TempDir
    Path dir;

    private SegmentCommandTest.Run run(String... args) {
        return SegmentCommandTest.run(args);
    }

    @Test
    void importsTwoSourcesAndTheMergedResultCanBeSegmented() throws IOException {
        Files.writeString(dir.resolve("web.csv"), """
                customer,order,at,amount
                w1,A-1,2024-05-03T10:15:00Z,9.00
                w1,A-2,2024-05-04T10:15:00Z,19.90
                w2,A-3,2024-05-05T10:15:00Z,4.50
                w3,A-4,not a date,4.50
                """);
        Files.writeString(dir.resolve("members.csv"), """
                member,mobile,web
                M1,07911 123456,online:w1
                M2,+44 7911 123456,
                """);
        Files.writeString(dir.resolve("sources.json"), """
                {"sources": [
                  {"name": "online", "kind": "orders", "file": "web.csv", "currency": "GBP",
                   "columns": {"customerId": "customer", "orderId": "order", "at": "at", "amount": "amount"}},
                  {"name": "members", "kind": "profiles", "file": "members.csv",
                   "columns": {"id": "member", "phone": "mobile", "memberId": "member", "linkedId": "web"}}],
                 "identity": {"defaultRegion": "GB"}}""");
        Path out = dir.resolve("out");
        SegmentCommandTest.Run r = run("import", "--config", dir.resolve("sources.json").toString(),
                "--output-dir", out.toString(), "--summary-json", dir.resolve("import.json").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("all sources      read         6 = accepted 5 + merged 0 + rejected 1"), r.out());
        JsonNode s = new ObjectMapper().readTree(dir.resolve("import.json").toFile());
        assertEquals(1, s.get("sources").get("online").get("rejectedByReason").get("unparsable-date").asInt());
        assertEquals(5, s.get("sources").get("online").get("rejectedSamples").get(0).get("line").asInt());
        // M1 and M2 share a mobile written two ways: one person, who also owns web account w1.
        List<String> customers = Files.readAllLines(out.resolve("customers.csv"));
        assertEquals(2, customers.size(), customers.toString());
        assertTrue(customers.get(1).startsWith("members:M1,,,+447911123456,M1"), customers.get(1));
        assertTrue(customers.get(1).endsWith("online:w1"), customers.get(1));

        Path summary = dir.resolve("segment.json");
        SegmentCommandTest.Run seg = run("segment", "--input", out.resolve("orders.csv").toString(), "--format", "generic",
                "--scheme", "seed4", "--summary-json", summary.toString());
        assertEquals(0, seg.exit(), seg.err());
        JsonNode segmented = new ObjectMapper().readTree(summary.toFile());
        assertEquals(2, segmented.get("customers").asInt(), "members:M1 (with w1's orders) and online:w2");
    }

    @Test
    void aBrokenConfigurationNamesItsJsonPath() throws IOException {
        Files.writeString(dir.resolve("sources.json"), """
                {"sources": [{"name": "online", "kind": "orders", "file": "web.csv",
                  "columns": {"customerId": "c", "orderId": "o", "at": "t"}}]}""");
        SegmentCommandTest.Run r = run("import", "--config", dir.resolve("sources.json").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("$.sources[0].columns.amount") && r.err().contains("$.sources[0].currency"), r.err());
    }
}
