package io.recall.examples.cli;

import io.recall.ingest.InputFormat;
import io.recall.recommend.CoPurchaseModel;
import io.recall.recommend.RecommendOptions;
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
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendCommandTest {

    /** The real command line, as {@code java -jar recall.jar} builds it. */
    static CommandLine commandLine() {
        return Main.commandLine();
    }

    static SegmentCommandTest.Run run(String... args) {
        return SegmentCommandTest.run(args);
    }

    @Nested
    class Parsing {
        private RecommendJob.Settings settings(String... args) {
            CommandLine cli = new CommandLine(new RecommendCommand());
            cli.parseArgs(args);
            return ((RecommendCommand) cli.getCommandSpec().userObject()).settings();
        }

        @Test
        void optionsBecomeSettings() {
            RecommendJob.Settings s = settings("--input", "x.csv.gz", "--format", "online-retail", "--top", "5",
                    "--output", "out.csv", "--as-of", "2011-12-01", "--evaluate", "2011-09-30", "--neighbours", "20",
                    "--shrinkage", "2.5", "--model-output", "m.json");
            assertEquals(Path.of("x.csv.gz"), s.input());
            assertEquals(InputFormat.ONLINE_RETAIL, s.format());
            assertEquals(5, s.top());
            assertEquals(Optional.of(Path.of("out.csv")), s.output());
            assertEquals(Optional.of(LocalDate.of(2011, 12, 1)), s.asOf());
            assertEquals(Optional.of(LocalDate.of(2011, 9, 30)), s.evaluate());
            assertEquals(Optional.of(Path.of("m.json")), s.modelOut());
            assertEquals(RecommendOptions.defaults().withNeighbours(20).withShrinkage(2.5)
                    .withItemPattern(RecommendOptions.ONLINE_RETAIL_PRODUCTS), s.options());
        }

        @Test
        void defaultsAreTenPerCustomerAndTheLibrarysOptions() {
            RecommendJob.Settings s = settings("--input", "x", "--format", "generic");
            assertEquals(10, s.top());
            assertEquals(RecommendOptions.defaults(), s.options());
            assertEquals(Optional.empty(), s.output());
            assertEquals(Optional.empty(), s.evaluate());
        }

        @Test
        void itemsAndNoReplenishChangeTheOptions() {
            RecommendJob.Settings s = settings("--input", "x", "--format", "online-retail", "--items", "[0-9]+",
                    "--no-replenish");
            assertEquals(RecommendOptions.defaults().withItemPattern("[0-9]+").withoutReplenishables(), s.options());
        }

        @Test
        void badValuesAreUsageErrorsNamingTheOption() {
            assertUsage("--format must be one of online-retail, cdnow, generic, grocery but was 'excel'",
                    "--input", "x", "--format", "excel");
            assertUsage("--top must be at least 1 but was 0", "--input", "x", "--format", "generic", "--top", "0");
            assertUsage("--items: item pattern '[a-' is not a valid regular expression",
                    "--input", "x", "--format", "generic", "--items", "[a-");
            assertUsage("--neighbours: neighbours must be 1..1000 but was 0",
                    "--input", "x", "--format", "generic", "--neighbours", "0");
            assertUsage("--evaluate 2011-12-01 must be before --as-of 2011-12-01",
                    "--input", "x", "--format", "generic", "--as-of", "2011-12-01", "--evaluate", "2011-12-01");
            assertUsage("--input", "--format", "generic");
            assertUsage("--top", "--input", "x", "--format", "generic", "--top", "ten");
        }

        private void assertUsage(String expected, String... args) {
            String[] full = new String[args.length + 1];
            full[0] = "recommend";
            System.arraycopy(args, 0, full, 1, args.length);
            SegmentCommandTest.Run r = run(full);
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains(expected), r.err());
        }
    }

    @Nested
    class Running {
        @TempDir
        Path dir;

        @Test
        void aSmallShopGetsExactListsAndReasons() throws IOException {
            Path orders = dir.resolve("orders.csv");
            Files.writeString(orders, """
                    customer_id,order_id,ordered_at,amount,currency,sku
                    c1,o1,2024-01-01,1.00,GBP,A
                    c1,o1,2024-01-01,1.00,GBP,B
                    c2,o2,2024-01-02,1.00,GBP,A
                    c2,o2,2024-01-02,1.00,GBP,B
                    c3,o3,2024-01-03,1.00,GBP,"B,2"
                    c3,o3,2024-01-03,1.00,GBP,A
                    c4,o4,2024-01-04,1.00,GBP,A
                    """);
            Path out = dir.resolve("recs.csv");
            SegmentCommandTest.Run r = run("recommend", "--input", orders.toString(), "--format", "generic",
                    "--top", "2", "--output", out.toString(), "--shrinkage", "0");
            assertEquals(0, r.exit(), r.err());
            // A is in 4 orders, B in 2, "B,2" in 1; A-B share 2 orders (cosine 0.707), A-"B,2" 1 (0.5, below
            // the minimum of 2 shared orders). c4 bought only A: B is its neighbour, then "B,2" as popular.
            assertEquals(List.of(RecommendJob.HEADER,
                    "c1,1,\"B,2\",0.000000,popular",
                    "c2,1,\"B,2\",0.000000,popular",
                    "c3,1,B,1.000000,co-purchase:A",
                    "c4,1,B,1.000000,co-purchase:A",
                    "c4,2,\"B,2\",0.000000,popular"), Files.readAllLines(out));
            assertTrue(r.out().contains("model: 3 items (0 replenishable), 4 orders, 4 customers"), r.out());
            assertTrue(r.out().contains("wrote 5 recommendations for 4 customers"), r.out());
        }

        @Test
        void onlineRetailListsEveryCustomerAndEvaluates() throws IOException {
            Path out = dir.resolve("recs.csv");
            Path model = dir.resolve("model.json");
            SegmentCommandTest.Run r = run("recommend", "--input", SharedData.onlineRetail().toString(), "--format",
                    "online-retail", "--top", "10", "--output", out.toString(), "--model-output", model.toString(),
                    "--evaluate", "2011-09-30");
            assertEquals(0, r.exit(), r.err());
            List<String> lines = Files.readAllLines(out);
            assertEquals(RecommendJob.HEADER, lines.get(0));
            // Every one of the 4,338 customers with a clean purchase gets 10 items.
            assertEquals(4_338, lines.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count());
            assertEquals(43_380, lines.size() - 1);
            assertTrue(lines.stream().skip(1).noneMatch(l -> l.contains(",POST,") || l.contains(",M,")));
            assertTrue(lines.stream().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1).split(":")[0])
                    .collect(Collectors.toSet()).containsAll(List.of("co-purchase", "replenish")));
            assertTrue(r.out().contains("evaluation, train to 2011-09-30, test after: customers 1838"), r.out());
            assertTrue(r.out().contains("ratio recall / popularity      2.4"), r.out());
            CoPurchaseModel back = CoPurchaseModel.fromJson(Files.readString(model));
            // Four customers bought only non-products (postage, manual lines): listed, with popular items only.
            assertEquals(4_334, back.customers());
        }
    }

    @Nested
    class BadInput {
        @TempDir
        Path dir;

        @Test
        void aMissingFileIsAClearError() {
            SegmentCommandTest.Run r = run("recommend", "--input", dir.resolve("nope.csv").toString(), "--format",
                    "generic");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("input file not found") && r.err().contains("nope.csv"), r.err());
        }

        @Test
        void aFileWithoutProductsSaysSo() throws IOException {
            Path orders = dir.resolve("orders.csv");
            Files.writeString(orders, "customer_id,order_id,ordered_at,amount,currency,sku\nc1,o1,2024-01-01,5,GBP,POST\n");
            SegmentCommandTest.Run r = run("recommend", "--input", orders.toString(), "--format", "generic",
                    "--items", "[0-9]{5}");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("no purchases of products") && r.err().contains("1 of them not products"),
                    r.err());
        }

        @Test
        void nothingBeforeTheEvaluationDateSaysSo() throws IOException {
            Path orders = dir.resolve("orders.csv");
            Files.writeString(orders, "customer_id,order_id,ordered_at,amount,currency,sku\nc1,o1,2024-01-01,5,GBP,A\n");
            SegmentCommandTest.Run r = run("recommend", "--input", orders.toString(), "--format", "generic",
                    "--evaluate", "2023-12-31");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("no purchases of products on or before --evaluate 2023-12-31"), r.err());
        }
    }
}
