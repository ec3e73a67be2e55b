package io.recall.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.ingest.InputFormat;
import io.recall.rfm.Binning;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Nested
    class Parsing {
        private SegmentCommand parse(String... args) {
            CommandLine cli = Main.commandLine();
            CommandLine.ParseResult result = cli.parseArgs(args);
            return (SegmentCommand) result.subcommand().commandSpec().userObject();
        }

        @Test
        void optionsBecomeSettings() {
            SegmentJob.Settings s = parse("segment", "--input", "x.csv", "--format", "cdnow", "--as-of", "1998-07-01",
                    "--scheme", "seed4", "--binning", "mean").settings();
            assertEquals(Path.of("x.csv"), s.input());
            assertEquals(InputFormat.CDNOW, s.format());
            assertEquals(Optional.of(LocalDate.of(1998, 7, 1)), s.asOf());
            assertEquals("seed4", s.scheme());
            assertEquals(Binning.MEAN, s.binning());
        }

        @Test
        void defaultsAreRfm11QuantilesWithoutOutputs() {
            SegmentJob.Settings s = parse("segment", "--input", "x", "--format", "generic").settings();
            assertEquals("rfm11", s.scheme());
            assertEquals(Binning.QUANTILE, s.binning());
            assertEquals(Optional.empty(), s.output());
        }

        @Test
        void unknownFormatIsAUsageError() {
            Run r = run("segment", "--input", "x", "--format", "excel");
            assertEquals(2, r.exit());
            assertTrue(r.err().contains("--format must be one of online-retail, cdnow, generic, grocery but was 'excel'"), r.err());
        }

        @Test
        void aModelFixesTheFittingOptionsSoOverridingThemIsAUsageError() {
            Run r = run("segment", "--input", "x", "--format", "cdnow", "--model", "m.json", "--frequency", "days");
            assertEquals(2, r.exit());
            assertTrue(r.err().contains("--frequency cannot be combined with --model"), r.err());
        }

        @Test
        void zoneAndCurrencyAreParsedAndChecked() {
            SegmentJob.Settings s = parse("segment", "--input", "x", "--format", "generic", "--zone", "Asia/Shanghai",
                    "--currency", "CNY").settings();
            assertEquals(Optional.of(java.time.ZoneId.of("Asia/Shanghai")), s.zone());
            assertEquals(Optional.of("CNY"), s.currency());
            Run r = run("segment", "--input", "x", "--format", "generic", "--currency", "XYZ");
            assertEquals(2, r.exit());
            assertTrue(r.err().contains("unknown currency 'XYZ'"), r.err());
        }

        @Test
        void missingInputIsAUsageError() {
            Run r = run("segment", "--format", "cdnow");
            assertEquals(2, r.exit());
            assertTrue(r.err().contains("--input"), r.err());
        }

        @Test
        void badDateIsAUsageError() {
            Run r = run("segment", "--input", "x", "--format", "cdnow", "--as-of", "1998-13-01");
            assertEquals(2, r.exit());
            assertTrue(r.err().contains("--as-of"), r.err());
        }
    }

    @Nested
    class OnRealData {
        @TempDir
        Path dir;

        @Test
        void onlineRetailSummaryAccountsForEveryRow() throws IOException {
            Path summary = dir.resolve("summary.json");
            Path output = dir.resolve("segments.csv");
            Run r = run("segment", "--input", SharedData.onlineRetail().toString(), "--format", "online-retail",
                    "--summary-json", summary.toString(), "--output", output.toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode s = JSON.readTree(summary.toFile());
            assertEquals(4_338, s.get("customers").asInt());
            assertEquals(541_909, s.get("rowsRead").asLong());
            assertEquals(s.get("rowsRead").asLong(), s.get("rowsAccepted").asLong() + s.get("rowsMerged").asLong()
                    + s.get("rowsRejected").asLong());
            assertEquals(135_080, s.get("rejectedByReason").get("missing-customer-id").asLong());
            assertEquals(s.get("rowsRejected").asLong(), StreamSupport.stream(s.get("rejectedByReason").spliterator(), false)
                    .mapToLong(JsonNode::asLong).sum());
            assertEquals(397_884, s.get("purchaseLines").asLong());
            assertEquals("2011-12-10", s.get("asOf").asText());
            long segmented = StreamSupport.stream(s.get("segments").spliterator(), false).mapToLong(JsonNode::asLong).sum();
            assertEquals(4_338, segmented);
            assertEquals(11, s.get("segments").size());
            s.get("segments").forEach(count -> assertTrue(count.asInt() > 0, "every rfm11 segment is used: " + s.get("segments")));
            List<String> lines = Files.readAllLines(output);
            assertEquals(4_339, lines.size());
            assertEquals("customer_id,recency_days,frequency,monetary,tenure_days,r,f,m,segment,segment_label", lines.get(0));
        }

        @Test
        void perCustomerRowsCarryTheMetricsScoresAndSegment() throws IOException {
            Path output = dir.resolve("days.csv");
            Run r = run("segment", "--input", SharedData.cdnowMaster().toString(), "--format", "cdnow",
                    "--frequency", "days", "--monetary", "average", "--output", output.toString());
            assertEquals(0, r.exit(), r.err());
            // Customer 00185: 5 transactions on 4 distinct days, 115.19 USD in all; last on 1998-05-22.
            String row = Files.readAllLines(output).stream().filter(l -> l.startsWith("00185,")).findFirst().orElseThrow();
            String[] f = row.split(",");
            assertEquals("40", f[1], row);
            assertEquals("4", f[2], row);
            assertEquals("28.80", f[3], row);
            assertEquals("489", f[4], row);
            assertTrue(io.recall.segment.SegmentScheme.builtIn("rfm11").segment(f[8]).isPresent(), row);
        }

        @Test
        void cdnowMasterYieldsAllItsCustomers() throws IOException {
            Path summary = dir.resolve("cdnow.json");
            Run r = run("segment", "--input", SharedData.cdnowMaster().toString(), "--format", "cdnow",
                    "--scheme", "seed4", "--summary-json", summary.toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode s = JSON.readTree(summary.toFile());
            assertEquals(23_570, s.get("customers").asInt());
            assertEquals(69_659, s.get("rowsRead").asLong());
            assertEquals(0, s.get("rowsRejected").asLong());
            assertEquals("1998-07-01", s.get("asOf").asText());
            assertEquals(List.of("important-value", "important-develop", "important-keep", "general", "other"),
                    iterable(s.get("segments").fieldNames()));
        }

        @Test
        void aSavedModelClassifiesTheSameWayWhenReused() throws IOException {
            Path model = dir.resolve("model.json");
            Path first = dir.resolve("first.csv");
            Path second = dir.resolve("second.csv");
            String input = SharedData.cdnowMaster().toString();
            assertEquals(0, run("segment", "--input", input, "--format", "cdnow", "--model-output", model.toString(),
                    "--output", first.toString()).exit());
            Run r = run("segment", "--input", input, "--format", "cdnow", "--model", model.toString(),
                    "--as-of", "1998-07-01", "--output", second.toString());
            assertEquals(0, r.exit(), r.err());
            assertEquals(Files.readAllLines(first), Files.readAllLines(second));
        }

        @Test
        void asOfCutsOffLaterRowsWithAReason() throws IOException {
            Path summary = dir.resolve("cut.json");
            Run r = run("segment", "--input", SharedData.cdnowMaster().toString(), "--format", "cdnow",
                    "--as-of", "1997-06-30", "--summary-json", summary.toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode s = JSON.readTree(summary.toFile());
            assertTrue(s.get("rejectedByReason").get("after-cutoff").asLong() > 0);
            assertEquals(s.get("rowsRead").asLong(), s.get("rowsAccepted").asLong() + s.get("rowsRejected").asLong());
        }
    }

    @Nested
    class BadInput {
        @TempDir
        Path dir;

        @Test
        void aBrokenSchemeFileNamesTheJsonPath() throws IOException {
            Path scheme = dir.resolve("scheme.json");
            Files.writeString(scheme, """
                    {"name": "mine", "levels": 5, "segments": [
                      {"id": "top", "labels": {"en": "Top"}, "when": {"r": {"min": 6}}}]}""");
            Run r = run("segment", "--input", SharedData.cdnowMaster().toString(), "--format", "cdnow",
                    "--scheme", scheme.toString());
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("$.segments[0].when.r.min"), r.err());
        }

        @Test
        void aWrongHeaderNamesTheLine() throws IOException {
            Path file = dir.resolve("orders.csv");
            Files.writeString(file, "Invoice,Stock\n1,2\n");
            Run r = run("segment", "--input", file.toString(), "--format", "online-retail");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("line 1") && r.err().contains("InvoiceNo"), r.err());
        }

        @Test
        void aMissingFileIsAClearError() {
            Run r = run("segment", "--input", dir.resolve("nope.csv").toString(), "--format", "generic");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("nope.csv"), r.err());
        }

        @Test
        void aFileWithNoValidRowsSaysSo() throws IOException {
            Path file = dir.resolve("orders.csv");
            Files.writeString(file, "customer_id,order_id,ordered_at,amount,currency\n,o1,2024-01-01,10,GBP\n");
            Run r = run("segment", "--input", file.toString(), "--format", "generic");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("no purchases"), r.err());
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
