package io.recall.examples.cli;

import io.recall.ingest.InputFormat;
import io.recall.recommend.RecommendOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code recall recommend}: item-to-item recommendations from co-purchases, top N per customer of an order file. */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Import an order file, fit co-purchase recommendations and list the top N products per customer.")
final class RecommendCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Order file (plain or gzip).")
    Path input;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = OrderFormats.ORDER_FILES_TEXT + "; products come from online-retail and generic (with a"
                    + " sku column), cdnow and grocery have none.")
    String format;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N",
            description = "Recommendations per customer (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--output", paramLabel = "FILE.csv",
            description = "Write customer_id,rank,sku,score,reason for every customer.")
    Path output;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "Use purchases up to this date YYYY-MM-DD; later rows are rejected as after-cutoff.")
    LocalDate asOf;

    @Option(names = "--items", paramLabel = "REGEX",
            description = "SKUs that are products (others, like postage, are ignored). "
                    + "Default for online-retail: " + RecommendOptions.ONLINE_RETAIL_PRODUCTS + "; otherwise every SKU.")
    String items;

    @Option(names = "--neighbours", defaultValue = "30", paramLabel = "K",
            description = "Similar items kept per item (default: ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--shrinkage", defaultValue = "10", paramLabel = "S",
            description = "Shrinkage of the cosine similarity for pairs bought together rarely (default: ${DEFAULT-VALUE}).")
    double shrinkage;

    @Option(names = "--no-replenish",
            description = "Never recommend what a customer already bought, even replenishable items.")
    boolean noReplenish;

    @Option(names = "--model-output", paramLabel = "FILE.json", description = "Write the fitted model here.")
    Path modelOut;

    @Option(names = "--evaluate", paramLabel = "DATE",
            description = "Also evaluate: fit on purchases up to DATE, test on later ones (hit rate at N, coverage, "
                    + "against a popularity baseline).")
    LocalDate evaluate;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The settings the options describe; usage errors are thrown as picocli parameter exceptions. */
    RecommendJob.Settings settings() {
        InputFormat inputFormat = OrderFormats.parse(spec.commandLine(), format, OrderFormats.ORDER_FILES);
        if (top < 1) {
            throw usage("--top must be at least 1 but was " + top);
        }
        RecommendOptions options;
        try {
            options = RecommendOptions.defaults().withNeighbours(neighbours).withShrinkage(shrinkage);
            String pattern = items != null ? items
                    : inputFormat == InputFormat.ONLINE_RETAIL ? RecommendOptions.ONLINE_RETAIL_PRODUCTS : null;
            if (pattern != null) {
                options = options.withItemPattern(pattern);
            }
            if (noReplenish) {
                options = options.withoutReplenishables();
            }
        } catch (IllegalArgumentException e) {
            throw usage(optionOf(e.getMessage()) + e.getMessage());
        }
        if (evaluate != null && asOf != null && !evaluate.isBefore(asOf)) {
            throw usage("--evaluate " + evaluate + " must be before --as-of " + asOf + ": nothing would be left to test");
        }
        return new RecommendJob.Settings(input, inputFormat, top, Optional.ofNullable(asOf), options,
                Optional.ofNullable(output), Optional.ofNullable(modelOut), Optional.ofNullable(evaluate));
    }

    private static String optionOf(String message) {
        if (message.startsWith("neighbours")) {
            return "--neighbours: ";
        }
        if (message.startsWith("shrinkage")) {
            return "--shrinkage: ";
        }
        return message.startsWith("item pattern") ? "--items: " : "";
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        RecommendJob.Settings settings = settings();
        RecommendJob.Result result = RecommendJob.run(settings, Progress.forTerminal("reading " + input.getFileName()));
        Report.print(spec.commandLine().getOut(), settings, result);
        return 0;
    }

    /** Prints a short, human-readable summary. */
    static final class Report {
        private Report() {
        }

        static void print(PrintWriter out, RecommendJob.Settings settings, RecommendJob.Result result) {
            var report = result.report();
            out.printf("rows read %,d: accepted %,d, merged as duplicates %,d, rejected %,d%n", report.rowsRead(),
                    report.rowsAccepted(), report.rowsMerged(), report.rowsRejected());
            report.rejectedByReason().forEach((reason, count) -> out.printf("  rejected %-28s %,d%n", reason.code(), count));
            var model = result.model();
            out.printf("model: %,d items (%,d replenishable), %,d orders, %,d customers; %,d purchase lines of "
                    + "non-products ignored%n", model.items(), model.replenishables().size(), model.orders(),
                    model.customers(), result.linesIgnored());
            settings.output().ifPresent(path -> out.printf("wrote %,d recommendations for %,d customers to %s%n",
                    result.rowsWritten(), result.customers(), path));
            result.evaluation().ifPresent(e -> out.printf("evaluation, train to %s, test after: %s%n",
                    settings.evaluate().orElseThrow(), e.describe()));
            out.flush();
        }
    }
}
