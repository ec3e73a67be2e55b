package io.recall.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recall report} renders the demo's outputs; the heat map and the segments both count every customer. */
class ReportCommandTest {

    @TempDir
    Path dir;

    @Test
    void rendersTheDemosOutputs() throws Exception {
        assertEquals(0, SegmentCommandTest.run("demo", "--customers", "400", "--seed", "3", "--out",
                dir.toString()).exit());
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ReportCommand());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--in", dir.toString(), "--locale", "zh-CN", "--title", "<演示>"));
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        long customers = summary.get("customers").asLong();
        long heat = 0;
        for (JsonNode c : report.get("heatMap").get("cells")) {
            heat += c.get("customers").asLong();
        }
        long segs = 0;
        for (JsonNode s : report.get("segments")) {
            segs += s.get("customers").asLong();
            assertEquals(summary.get("segments").get(s.get("id").asText()).asLong(), s.get("customers").asLong());
        }
        assertEquals(customers, heat);
        assertEquals(customers, segs);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<h1>&lt;演示&gt;</h1>"), html.substring(0, 400));
        assertTrue(html.contains("客户分群规模"));
        assertFalse(html.contains("<script"));
        assertTrue(Files.readString(dir.resolve("report.csv")).startsWith("section,key,metric,value\n"));
        assertTrue(out.toString().contains("report of"), out.toString());
    }
}
