package io.recall.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.predict.BgNbdModel;
import io.recall.predict.Horizon;
import io.recall.predict.OpportunityPeriod;
import io.recall.predict.PeriodUnit;
import io.recall.predict.PurchaseModel;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static SegmentCommandTest.Run run(String... args) {
        return SegmentCommandTest.run(args);
    }

    static String data(String file) {
        return SharedData.file(file).toString();
    }

    @Nested
    class Parsing {
        private PredictCommand parse(String... args) {
            CommandLine.ParseResult result = Main.commandLine().parseArgs(args);
            return (PredictCommand) result.subcommand().commandSpec().userObject();
        }

        @Test
        void optionsBecomeSettings() {
            PredictJob.Settings s = parse("predict", "--model", "pareto-nbd", "--input", "log.csv", "--format", "grocery",
                    "--as-of", "2006-12-31", "--holdout-end", "2007-12-31", "--unit", "days", "--horizon", "90d",
                    "--params-json", "p.json", "--output", "o.csv").settings();
            assertEquals(PredictJob.Model.PARETO_NBD, s.model());
            assertEquals(PredictJob.Format.GROCERY, s.format());
            assertEquals(Optional.of(LocalDate.of(2006, 12, 31)), s.asOf());
            assertEquals(Optional.of(LocalDate.of(2007, 12, 31)), s.holdoutEnd());
            assertEquals(PeriodUnit.DAYS, s.unit());
            assertEquals(Horizon.days(90), s.horizon());
            assertEquals(Path.of("p.json"), s.paramsJson());
            assertEquals(Optional.of(Path.of("o.csv")), s.output());
        }

        @Test
        void defaultsAreWeeksAndAYearAhead() {
            PredictJob.Settings s = parse("predict", "--model", "bgnbd", "--input", "x", "--format", "summary",
                    "--params-json", "p.json").settings();
            assertEquals(PeriodUnit.WEEKS, s.unit());
            assertEquals(Horizon.weeks(52), s.horizon());
            assertEquals("USD", s.currency().getCurrencyCode());
            assertEquals(Optional.empty(), s.output());
            assertEquals(Optional.empty(), s.asOf());
        }

        @Test
        void bgbbCountsOpportunities() {
            PredictJob.Settings s = parse("predict", "--model", "bgbb", "--input", "x", "--format", "summary",
                    "--params-json", "p.json", "--horizon", "5").settings();
            assertEquals(PeriodUnit.OPPORTUNITIES, s.unit());
            assertEquals(Horizon.opportunities(5), s.horizon());
            assertEquals(Horizon.opportunities(1), parse("predict", "--model", "bgbb", "--input", "x", "--format",
                    "summary", "--params-json", "p.json").settings().horizon());
        }

        @Test
        void bgbbFromDatesCountsWholePeriodsMonthlyByDefault() {
            PredictJob.Settings s = parse("predict", "--model", "bgbb", "--input", "log.csv", "--format", "grocery",
                    "--params-json", "p.json").settings();
            assertEquals(PeriodUnit.OPPORTUNITIES, s.unit());
            assertEquals(OpportunityPeriod.MONTH, s.period());
            assertEquals(Optional.empty(), s.calibrationStart());
            PredictJob.Settings q = parse("predict", "--model", "bgbb", "--input", "log.csv", "--format", "cdnow",
                    "--period", "quarter", "--calibration-start", "1997-01-01", "--params-json", "p.json").settings();
            assertEquals(OpportunityPeriod.QUARTER, q.period());
            assertEquals(Optional.of(LocalDate.of(1997, 1, 1)), q.calibrationStart());
        }

        @Test
        void usageErrorsNameTheOption() {
            assertUsage("--model must be one of bgnbd, pareto-nbd, gamma-gamma, bgbb but was 'mbg'",
                    "predict", "--model", "mbg", "--input", "x", "--format", "summary", "--params-json", "p");
            assertUsage("--format must be one of summary, online-retail, cdnow, grocery but was 'excel'",
                    "predict", "--model", "bgnbd", "--input", "x", "--format", "excel", "--params-json", "p");
            assertUsage("--period must be one of week, month, quarter, year but was 'fortnight'",
                    "predict", "--model", "bgbb", "--input", "x", "--format", "grocery", "--period", "fortnight",
                    "--params-json", "p");
            assertUsage("--period and --calibration-start apply to --model bgbb with order files or event logs",
                    "predict", "--model", "bgnbd", "--input", "x", "--format", "grocery", "--period", "month",
                    "--params-json", "p");
            assertUsage("--period and --calibration-start apply to --model bgbb with order files or event logs",
                    "predict", "--model", "bgbb", "--input", "x", "--format", "summary", "--calibration-start",
                    "2006-01-01", "--params-json", "p");
            assertUsage("--as-of and --holdout-end apply to order files and event logs",
                    "predict", "--model", "bgnbd", "--input", "x", "--format", "summary", "--as-of", "2006-12-31",
                    "--params-json", "p");
            assertUsage("--horizon must look like 52w", "predict", "--model", "bgnbd", "--input", "x", "--format",
                    "summary", "--horizon", "a year", "--params-json", "p");
            assertUsage("--unit must be weeks or days", "predict", "--model", "bgnbd", "--input", "x", "--format",
                    "summary", "--unit", "months", "--params-json", "p");
            assertUsage("--params-json", "predict", "--model", "bgnbd", "--input", "x", "--format", "summary");
        }

        private void assertUsage(String message, String... args) {
            SegmentCommandTest.Run r = run(args);
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains(message), r.err());
        }
    }

    @Nested
    class OnRealData {
        @TempDir
        Path dir;

        @Test
        void bgNbdOnTheCdnowSummaryWritesThePapersParameters() throws IOException {
            Path params = dir.resolve("bgnbd.json");
            Path output = dir.resolve("bgnbd.csv");
            SegmentCommandTest.Run r = run("predict", "--model", "bgnbd", "--input", data("cdnow/cdnow_customers_summary.csv"),
                    "--format", "summary", "--params-json", params.toString(), "--output", output.toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode json = JSON.readTree(params.toFile());
            assertEquals(0.243, json.get("parameters").get("r").asDouble(), 1e-3);
            assertEquals(4.414, json.get("parameters").get("alpha").asDouble(), 1e-3);
            assertEquals(0.793, json.get("parameters").get("a").asDouble(), 1e-3);
            assertEquals(2.426, json.get("parameters").get("b").asDouble(), 1e-3);
            assertEquals(-9582.43, json.get("fit").get("logLikelihood").asDouble(), 0.005);
            assertEquals(2_357, json.get("fit").get("customers").asLong());
            // Standard errors from the observed information, as the lifetimes library documents them.
            JsonNode se = json.get("standardErrors");
            assertEquals(0.012557, se.get("r").asDouble(), 5e-5);
            assertEquals(0.378221, se.get("alpha").asDouble(), 5e-4);
            assertEquals(0.185719, se.get("a").asDouble(), 5e-4);
            assertEquals(0.705345, se.get("b").asDouble(), 1e-3);
            assertTrue(r.out().contains("  r      0.242593  (standard error 0.01256)"), r.out());
            // The parameters file is the model: it loads back.
            PurchaseModel model = PurchaseModel.fromJson(Files.readString(params));
            assertTrue(model instanceof BgNbdModel);
            List<String> lines = Files.readAllLines(output);
            assertEquals(2_358, lines.size());
            assertEquals("customer_id,repeat_purchases,time_of_last_purchase,age_at_end,unit,p_alive,"
                    + "expected_purchases_52_weeks", lines.get(0));
            assertTrue(lines.get(1).startsWith("1,2,30.43,38.86,weeks,0.7266"), lines.get(1));
            assertTrue(r.out().contains("log-likelihood -9582.4256"), r.out());
        }

        @Test
        void bgbbOnTheDonationsKeepsTheCounts() throws IOException {
            Path params = dir.resolve("bgbb.json");
            Path output = dir.resolve("bgbb.csv");
            SegmentCommandTest.Run r = run("predict", "--model", "bgbb", "--input", data("cdnow/donations.csv"), "--format", "summary",
                    "--horizon", "5", "--params-json", params.toString(), "--output", output.toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode p = JSON.readTree(params.toFile()).get("parameters");
            assertEquals(1.204, p.get("alpha").asDouble(), 1e-3);
            assertEquals(0.750, p.get("beta").asDouble(), 1e-3);
            assertEquals(0.657, p.get("gamma").asDouble(), 1e-3);
            assertEquals(2.783, p.get("delta").asDouble(), 1e-3);
            List<String> lines = Files.readAllLines(output);
            assertEquals(23, lines.size());
            assertTrue(lines.get(0).contains(",customers,p_alive,expected_purchases_5_opportunities"), lines.get(0));
            assertTrue(lines.get(1).startsWith("row-2,0,0,6,opportunities,3464,0.108"), lines.get(1));
        }

        @Test
        void bgbbOnTheCdnowOrderFileCountsMonths() throws IOException {
            Path params = dir.resolve("bgbb-cdnow.json");
            Path output = dir.resolve("bgbb-cdnow.csv");
            SegmentCommandTest.Run r = run("predict", "--model", "bgbb", "--input", SharedData.cdnowMaster().toString(),
                    "--format", "cdnow", "--as-of", "1998-06-30", "--horizon", "12", "--params-json", params.toString(),
                    "--output", output.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("bgbb fitted on 23,570 customers as of 1998-06-30 (whole months from 1997-01-01 "
                    + "to 1998-06-30)"), r.out());
            JsonNode json = JSON.readTree(params.toFile());
            assertEquals("opportunities", json.get("unit").asText());
            for (String name : List.of("alpha", "beta", "gamma", "delta")) {
                assertTrue(json.get("parameters").get(name).asDouble() > 0, name);
                double se = json.get("standardErrors").get(name).asDouble();
                assertTrue(se > 0 && se < json.get("parameters").get(name).asDouble(), name + " " + se);
            }
            List<String> lines = Files.readAllLines(output);
            assertEquals(23_571, lines.size());
            assertEquals("customer_id,repeat_purchases,time_of_last_purchase,age_at_end,unit,p_alive,"
                    + "expected_purchases_12_opportunities", lines.get(0));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                int x = Integer.parseInt(f[1]);
                int tx = Integer.parseInt(f[2]);
                int n = Integer.parseInt(f[3]);
                assertTrue(x <= tx && tx <= n && n >= 15 && n <= 17 && (x > 0 || tx == 0), line);
                assertEquals("opportunities", f[4]);
            }
        }

        @Test
        void bgbbOnTheGroceryLogReportsTheHoldoutErrorInPeriods() throws IOException {
            Path params = dir.resolve("bgbb-grocery.json");
            Path output = dir.resolve("bgbb-grocery.csv");
            SegmentCommandTest.Run r = run("predict", "--model", "bgbb", "--input", data("btyd_grocery/groceryElog.csv"),
                    "--format", "grocery", "--as-of", "2006-12-31", "--holdout-end", "2007-12-31", "--period", "month",
                    "--horizon", "12", "--params-json", params.toString(), "--output", output.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("bgbb fitted on 1,525 customers as of 2006-12-31 (whole months from 2006-01-01 "
                    + "to 2006-12-31, holdout to 2007-12-31)"), r.out());
            assertTrue(r.out().contains("actual 2424 purchases"), r.out());
            List<String> lines = Files.readAllLines(output);
            assertEquals(1_526, lines.size());
            assertTrue(lines.get(0).endsWith(",p_alive,expected_purchases_12_opportunities,holdout_purchases"),
                    lines.get(0));
        }

        /**
         * Online Retail covers one year in which its (mostly wholesale) customers hardly ever leave: by month,
         * the dropout distribution runs to its boundary (γ → 0), and the fit says so instead of returning it.
         */
        @Test
        void bgbbOnOnlineRetailSaysTheDataDoNotIdentifyDropout() {
            SegmentCommandTest.Run r = run("predict", "--model", "bgbb", "--input", SharedData.onlineRetail().toString(),
                    "--format", "online-retail", "--params-json", dir.resolve("p.json").toString());
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.err().contains("BG/BB fit failed: the data do not identify"), r.err());
        }

        @Test
        void bgbbWithoutAnyOpportunityAfterTheFirstIsAClearError() {
            SegmentCommandTest.Run r = run("predict", "--model", "bgbb", "--input", data("btyd_grocery/groceryElog.csv"),
                    "--format", "grocery", "--as-of", "2007-12-31", "--period", "year", "--calibration-start",
                    "2007-01-01", "--params-json", dir.resolve("p.json").toString());
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.err().contains("BG/BB needs customers with opportunities after their first transaction, but all "),
                    r.err());
        }

        @Test
        void aCalibrationStartWithoutAWholePeriodIsAClearError() {
            SegmentCommandTest.Run r = run("predict", "--model", "bgbb", "--input", data("btyd_grocery/groceryElog.csv"),
                    "--format", "grocery", "--as-of", "2006-12-31", "--period", "year", "--calibration-start",
                    "2006-06-01", "--params-json", dir.resolve("p.json").toString());
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.err().contains("no whole year from the calibration start 2006-06-01 to 2006-12-31"), r.err());
        }

        @Test
        void gammaGammaPredictsSpendInTheGivenCurrency() throws IOException {
            Path params = dir.resolve("gg.json");
            Path output = dir.resolve("gg.csv");
            SegmentCommandTest.Run r = run("predict", "--model", "gamma-gamma", "--input",
                    data("cdnow/cdnow_customers_summary_with_transactions.csv"), "--format", "summary",
                    "--params-json", params.toString(), "--output", output.toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode json = JSON.readTree(params.toFile());
            assertEquals(6.25, json.get("parameters").get("p").asDouble(), 5e-3);
            assertEquals(3.74, json.get("parameters").get("q").asDouble(), 5e-3);
            assertEquals(15.44, json.get("parameters").get("gamma").asDouble(), 1e-2);
            assertEquals("USD", json.get("currency").asText());
            List<String> lines = Files.readAllLines(output);
            assertEquals("1,2,30.43,38.86,weeks,22.35,24.66,USD", lines.get(1));
        }

        @Test
        void paretoNbdOnTheGroceryLogReportsTheHoldoutError() throws IOException {
            Path params = dir.resolve("pnbd.json");
            Path output = dir.resolve("pnbd.csv");
            SegmentCommandTest.Run r = run("predict", "--model", "pareto-nbd", "--input", data("btyd_grocery/groceryElog.csv"),
                    "--format", "grocery", "--as-of", "2006-12-31", "--holdout-end", "2007-12-31",
                    "--params-json", params.toString(), "--output", output.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("pareto-nbd fitted on 1,525 customers as of 2006-12-31"), r.out());
            assertTrue(r.out().contains("holdout to 2007-12-31: MAE 1.5"), r.out());
            List<String> lines = Files.readAllLines(output);
            assertEquals(1_526, lines.size());
            assertTrue(lines.get(0).endsWith(",p_alive,expected_purchases_52_weeks,holdout_purchases"), lines.get(0));
        }

        @Test
        void theCdnowOrderFileIsSummarisedPerDay() throws IOException {
            Path params = dir.resolve("cdnow.json");
            SegmentCommandTest.Run r = run("predict", "--model", "bgnbd", "--input", SharedData.cdnowMaster().toString(), "--format", "cdnow",
                    "--as-of", "1997-09-30", "--params-json", params.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("rows read 69,659: accepted 69,659"), r.out());
            assertTrue(r.out().contains("bgnbd fitted on 23,570 customers as of 1997-09-30"), r.out());
        }
    }

    @Nested
    class BadInput {
        @TempDir
        Path dir;

        @Test
        void everyBadSummaryRowIsListedWithItsLine() throws IOException {
            Path file = dir.resolve("summary.csv");
            Files.writeString(file, "ID,frequency,recency,T\n1,2,30.43,38.86\n2,1,40.0,38.86\n3,two,1,5\n4,0,3,10\n5,1,2\n");
            SegmentCommandTest.Run r = run("predict", "--model", "bgnbd", "--input", file.toString(), "--format", "summary",
                    "--params-json", dir.resolve("p.json").toString());
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("4 problems"), r.err());
            assertTrue(r.err().contains("line 3: age at end of 2 (38.86) must be finite and >= the time of last purchase (40.0)"),
                    r.err());
            assertTrue(r.err().contains("line 4: frequency must be a whole number >= 0 but was \"two\""), r.err());
            assertTrue(r.err().contains("line 5: customer 4 has no repeat purchase"), r.err());
            assertTrue(r.err().contains("line 6: expected 4 columns, found 3"), r.err());
        }

        @Test
        void aSummaryWithoutTheColumnsNamesTheHeader() throws IOException {
            Path file = dir.resolve("summary.csv");
            Files.writeString(file, "customer,purchases\n1,2\n");
            SegmentCommandTest.Run r = run("predict", "--model", "bgnbd", "--input", file.toString(), "--format", "summary",
                    "--params-json", dir.resolve("p.json").toString());
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("line 1: expected columns for frequency"), r.err());
        }

        @Test
        void aBadDateInTheEventLogNamesItsLine() throws IOException {
            Path file = dir.resolve("log.csv");
            Files.writeString(file, "cust,date\n1,2006-01-01\n1,2006-02-30\n,2006-03-01\n");
            SegmentCommandTest.Run r = run("predict", "--model", "bgnbd", "--input", file.toString(), "--format", "grocery",
                    "--params-json", dir.resolve("p.json").toString());
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("line 3: date \"2006-02-30\" is not YYYY-MM-DD"), r.err());
            assertTrue(r.err().contains("line 4: cust is empty"), r.err());
        }

        @Test
        void spendFromALogWithoutAmountsIsAClearError() {
            SegmentCommandTest.Run r = run("predict", "--model", "gamma-gamma", "--input", data("btyd_grocery/groceryElog.csv"),
                    "--format", "grocery", "--params-json", dir.resolve("p.json").toString());
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("Gamma-Gamma needs customers with repeat purchases and a positive mean repeat spend"),
                    r.err());
        }

        @Test
        void aMissingFileIsAClearError() {
            SegmentCommandTest.Run r = run("predict", "--model", "bgnbd", "--input", dir.resolve("nope.csv").toString(), "--format", "summary",
                    "--params-json", dir.resolve("p.json").toString());
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("nope.csv"), r.err());
        }

        @Test
        void aFitThatCannotConvergeSaysWhy() throws IOException {
            // Nobody ever comes back: the repeat-purchase rate runs off to zero.
            Path file = dir.resolve("summary.csv");
            StringBuilder rows = new StringBuilder("ID,frequency,recency,T\n");
            for (int i = 0; i < 50; i++) {
                rows.append(i).append(",0,0,").append(10 + i).append('\n');
            }
            Files.writeString(file, rows);
            SegmentCommandTest.Run r = run("predict", "--model", "bgnbd", "--input", file.toString(), "--format", "summary",
                    "--params-json", dir.resolve("p.json").toString());
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.err().contains("BG/NBD fit"), r.err());
        }
    }
}
