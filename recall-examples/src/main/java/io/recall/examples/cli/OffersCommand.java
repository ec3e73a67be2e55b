package io.recall.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.incentive.BudgetLedger;
import io.recall.incentive.BudgetState;
import io.recall.incentive.CustomerFacts;
import io.recall.incentive.Decision;
import io.recall.incentive.Grant;
import io.recall.incentive.IncentiveEngine;
import io.recall.incentive.RuleSet;
import io.recall.ingest.ImportOptions;
import io.recall.ingest.ImportReport;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.rfm.Binning;
import io.recall.rfm.MonetaryBasis;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import static io.recall.examples.cli.CsvCells.csv;

/**
 * {@code recall offers}: segments every customer of an order file and decides their incentives under a rule
 * set, printing per segment how many customers got which offer and the budgets used and left; optionally
 * writes each customer's decision with its explanation (CSV) and a summary (JSON).
 *
 * <p>Decisions are made as of the start of the as-of day in the rule set's zone; customers are taken to
 * live in that zone and to have consented to email.
 */
@Command(name = "offers", mixinStandardHelpOptions = true,
        description = "Import an order file, segment every customer and decide their incentives under a rule set.")
final class OffersCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Order file (plain or gzip).")
    Path input;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = OrderFormats.ORDER_FILES_TEXT + ".")
    String format;

    @Option(names = "--rules", required = true, paramLabel = "FILE.json", description = "The incentive rule set.")
    Path rules;

    @Option(names = "--scheme", defaultValue = "seed4", paramLabel = "SCHEME",
            description = "seed4, rfm8, rfm11 or a scheme JSON file the rules refer to (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "As-of date YYYY-MM-DD (default: the day after the last purchase).")
    LocalDate asOf;

    @Option(names = "--output", paramLabel = "FILE.csv", description = "Write each customer's decision and explanation.")
    Path output;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the summary (per segment and budget).")
    Path summaryJson;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** What the options ask for. */
    record Settings(Path input, InputFormat format, Path rules, String scheme, Optional<LocalDate> asOf,
                    Optional<Path> output, Optional<Path> summaryJson) {
        Settings {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(rules, "rules");
        }
    }

    /** What a run found: per segment the customers and the grants per rule, and the budgets at the end. */
    record Result(ImportReport report, LocalDate asOf, RuleSet rules, SegmentScheme scheme,
                  Map<String, Integer> customers, Map<String, Map<String, Integer>> grants, List<BudgetState> budgets) {
    }

    /** The settings the options describe; usage errors are picocli parameter exceptions. */
    Settings settings() {
        InputFormat inputFormat = OrderFormats.parse(spec.commandLine(), format, OrderFormats.ORDER_FILES);
        return new Settings(input, inputFormat, rules, scheme, Optional.ofNullable(asOf), Optional.ofNullable(output),
                Optional.ofNullable(summaryJson));
    }

    @Override
    public Integer call() throws Exception {
        Result result = run(settings(), ProgressListener.NONE);
        print(spec.commandLine().getOut(), result);
        return 0;
    }

    /** Runs the whole job: import, RFM, segments, decisions, files. */
    static Result run(Settings s, ProgressListener progress) throws IOException {
        if (!Files.isRegularFile(s.input())) {
            throw new IllegalArgumentException("input file not found: " + s.input().toAbsolutePath());
        }
        if (!Files.isRegularFile(s.rules())) {
            throw new IllegalArgumentException("rule set not found: " + s.rules().toAbsolutePath());
        }
        SegmentScheme scheme = SegmentJob.loadScheme(s.scheme());
        RuleSet rules = RuleSet.fromJson(Files.readString(s.rules(), StandardCharsets.UTF_8), scheme);
        ZoneId zone = s.format().defaultZone();
        ImportOptions options = ImportOptions.defaults().withSource(s.format().id()).withZone(zone)
                .withCurrency(rules.currency().getCurrencyCode());
        if (s.asOf().isPresent()) {
            options = options.withCutoff(s.asOf().get());
        }
        RfmOptions rfm = RfmOptions.of(rules.currency()).withZone(zone);
        RfmAggregator aggregator = RfmAggregator.create(rfm);
        ImportReport report = OrderImporter.read(s.input(), s.format(), options, OrderImporter.toAggregator(aggregator), progress);
        LocalDate asOf = s.asOf().orElseGet(() -> aggregator.lastPurchase()
                .map(last -> LocalDate.ofInstant(last, zone).plusDays(1))
                .orElseThrow(() -> new IllegalArgumentException("no purchases in " + s.input())));
        List<RfmMetrics> metrics = aggregator.metrics(asOf);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no customer has a purchase by " + asOf + " in " + s.input());
        }
        Segmenter segmenter = Segmenter.of(ScoringModel.fit(metrics, scheme.levels(), Binning.QUANTILE, rfm, asOf), scheme);
        BudgetLedger ledger = BudgetLedger.of(rules);
        IncentiveEngine engine = IncentiveEngine.of(rules, ledger,
                Clock.fixed(asOf.atStartOfDay(rules.zone()).toInstant(), rules.zone()));
        Map<String, Integer> customers = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> grants = new LinkedHashMap<>();
        for (Segment seg : scheme.segments()) {
            customers.put(seg.id(), 0);
            grants.put(seg.id(), new TreeMap<>());
        }
        Writer out = s.output().isPresent() ? Files.newBufferedWriter(s.output().get(), StandardCharsets.UTF_8) : null;
        try {
            if (out != null) {
                out.write("customer_id,segment,offers,value,currency,explanation\n");
            }
            for (RfmMetrics m : metrics) {
                String segment = segmenter.classify(m).id();
                Decision d = engine.decide(CustomerFacts.ofRfm(segment, segmenter.model().score(m), m,
                        rfm.monetaryBasis() == MonetaryBasis.TOTAL, Set.of("email"), rules.zone()));
                customers.merge(segment, 1, Integer::sum);
                if (d.isEmpty()) {
                    grants.get(segment).merge("(none)", 1, Integer::sum);
                }
                for (Grant g : d.grants()) {
                    grants.get(segment).merge(g.ruleId(), 1, Integer::sum);
                }
                if (out != null) {
                    String offers = d.grants().stream().map(Grant::ruleId).collect(Collectors.joining(";"));
                    String why = d.trace().stream().map(t -> t.ruleId() + ": " + t.text()).collect(Collectors.joining(" | "));
                    out.write(csv(m.customerId()) + ',' + segment + ',' + csv(offers) + ','
                            + d.totalValue(rules.currency()).amount().toPlainString() + ','
                            + rules.currency().getCurrencyCode() + ',' + csv(why) + '\n');
                }
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
        Result result = new Result(report, asOf, rules, scheme, customers, grants, ledger.snapshot());
        if (s.summaryJson().isPresent()) {
            writeSummary(result, s.summaryJson().get());
        }
        return result;
    }

    static void print(PrintWriter out, Result r) {
        out.printf("rule set %s on %,d customers as of %s (scheme %s)%n", r.rules().name(),
                r.customers().values().stream().mapToInt(Integer::intValue).sum(), r.asOf(), r.scheme().name());
        r.customers().forEach((segment, n) -> {
            out.printf("  %-20s %,7d customers%n", segment, n);
            r.grants().get(segment).forEach((rule, count) -> out.printf("    %-28s %,7d%n", rule, count));
        });
        for (BudgetState b : r.budgets()) {
            out.printf("  budget %-20s used %s in %,d offers; left %s%n", b.budget().id(), b.used(),
                    b.reservedCount() + b.committedCount(),
                    b.moneyLeft().map(Object::toString).orElse("") + (b.countLeft().isPresent()
                            ? (b.moneyLeft().isPresent() ? ", " : "") + b.countLeft().getAsLong() + " offers" : ""));
        }
        out.flush();
    }

    private static void writeSummary(Result r, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("rules", r.rules().name());
        root.put("scheme", r.scheme().name());
        root.put("asOf", r.asOf().toString());
        root.put("currency", r.rules().currency().getCurrencyCode());
        ObjectNode segments = root.putObject("segments");
        r.customers().forEach((segment, n) -> {
            ObjectNode node = segments.putObject(segment);
            node.put("customers", n);
            ObjectNode offers = node.putObject("offers");
            r.grants().get(segment).forEach(offers::put);
        });
        ArrayNode budgets = root.putArray("budgets");
        for (BudgetState b : r.budgets()) {
            ObjectNode node = budgets.addObject();
            node.put("id", b.budget().id());
            node.put("used", b.used().amount().toPlainString());
            node.put("offers", b.reservedCount() + b.committedCount());
            b.moneyLeft().ifPresent(m -> node.put("moneyLeft", m.amount().toPlainString()));
            if (b.countLeft().isPresent()) {
                node.put("countLeft", b.countLeft().getAsLong());
            }
        }
        json.writeValue(file.toFile(), root);
    }
}
