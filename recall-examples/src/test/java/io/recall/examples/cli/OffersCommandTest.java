package io.recall.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.ingest.InputFormat;
import io.recall.testing.SharedData;
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

/** {@code recall offers}, registered the way Main will register it. */
class OffersCommandTest {

    static final String RULES = "{\"name\": \"winback\", \"currency\": \"GBP\", \"zone\": \"Europe/London\","
            + "\"budgets\": [{\"id\": \"total\", \"money\": \"3000.00 GBP\"},"
            + "  {\"id\": \"general-coupons\", \"segment\": \"general\", \"count\": 300}],"
            + "\"rules\": ["
            + "{\"id\": \"vip\", \"when\": {\"segment\": \"important-value\"},"
            + "  \"offer\": {\"type\": \"member-benefits\", \"benefits\": [\"priority-access\"], \"cost\": \"2.00 GBP\"}},"
            + "{\"id\": \"coupon\", \"when\": {\"segment\": \"general\"}, \"offer\": {\"type\": \"amount-off\", \"amount\": \"5.00 GBP\"}}]}";

    static CommandLine cli() {
        return Main.commandLine();
    }

    static SegmentCommandTest.Run run(String... args) {
        return SegmentCommandTest.run(args);
    }

    @Test
    void optionsBecomeSettings() {
        CommandLine.ParseResult parsed = cli().parseArgs("offers", "--input", "x.csv", "--format", "online-retail",
                "--rules", "r.json", "--as-of", "2011-12-10", "--output", "o.csv");
        OffersCommand.Settings s = ((OffersCommand) parsed.subcommand().commandSpec().userObject()).settings();
        assertEquals(InputFormat.ONLINE_RETAIL, s.format());
        assertEquals("seed4", s.scheme());
        assertEquals(Optional.of(LocalDate.of(2011, 12, 10)), s.asOf());
        assertEquals(Optional.of(Path.of("o.csv")), s.output());
    }

    @Test
    void aBadRuleSetIsRejectedWithItsJsonPath(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("bad.json"), RULES.replace("\"5.00 GBP\"", "\"5.00\""));
        SegmentCommandTest.Run r = run("offers", "--input", SharedData.onlineRetail().toString(), "--format", "online-retail",
                "--rules", rules.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("$.rules[1].offer.amount: expected an amount with its currency"), r.err());
    }

    @Test
    void decidesForEveryOnlineRetailCustomerWithinBudget(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.json"), RULES);
        Path csv = dir.resolve("offers.csv");
        Path summary = dir.resolve("summary.json");
        SegmentCommandTest.Run r = run("offers", "--input", SharedData.onlineRetail().toString(), "--format", "online-retail",
                "--rules", rules.toString(), "--as-of", "2011-12-10", "--output", csv.toString(),
                "--summary-json", summary.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("rule set winback on 4,338 customers as of 2011-12-10 (scheme seed4)"), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4_339, lines.size());
        assertEquals("customer_id,segment,offers,value,currency,explanation", lines.get(0));
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertEquals(300, s.at("/segments/general/offers/coupon").asInt());
        JsonNode total = s.at("/budgets/0");
        assertEquals("total", total.get("id").asText());
        assertTrue(new java.math.BigDecimal(total.get("moneyLeft").asText()).signum() >= 0);
        assertEquals(0, s.at("/budgets/1/countLeft").asInt());
        assertTrue(lines.stream().anyMatch(l -> l.contains("refused: budget general-coupons has no count left")));
    }

    @Test
    void theShippedSeed4RuleSetGivesEachClassicSegmentItsOwnKindOfOfferOnTheRealCustomers(@TempDir Path dir)
            throws IOException {
        Path rules = dir.resolve("seed4-winback.json");
        try (var in = OffersCommandTest.class.getResourceAsStream("/io/recall/examples/rules/seed4-winback.json")) {
            Files.copy(java.util.Objects.requireNonNull(in, "the example rule set is on the class path"), rules);
        }
        Path csv = dir.resolve("offers.csv");
        Path summary = dir.resolve("summary.json");
        SegmentCommandTest.Run r = run("offers", "--input", SharedData.onlineRetail().toString(), "--format",
                "online-retail", "--rules", rules.toString(), "--as-of", "2011-12-10", "--output", csv.toString(),
                "--summary-json", summary.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(4_339, Files.readAllLines(csv).size());
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        // important-value: service and tier benefits; important-develop: a limited-time offer and new products;
        // important-keep: bundles and points; general: the bulk coupon.
        for (String[] expected : new String[][] {{"important-value", "value-"}, {"important-develop", "develop-"},
                {"important-keep", "keep-"}, {"general", "general-"}}) {
            JsonNode offers = s.at("/segments/" + expected[0] + "/offers");
            int granted = 0;
            for (var it = offers.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().startsWith(expected[1])) {
                    granted += e.getValue().asInt();
                }
            }
            assertTrue(granted > 0, expected[0] + " got none of its own offers: " + offers);
        }
        for (JsonNode b : s.at("/budgets")) {
            if (b.hasNonNull("moneyLeft")) {
                assertTrue(new java.math.BigDecimal(b.get("moneyLeft").asText()).signum() >= 0, b.toString());
            }
            if (b.hasNonNull("countLeft")) {
                assertTrue(b.get("countLeft").asInt() >= 0, b.toString());
            }
        }
    }
}
