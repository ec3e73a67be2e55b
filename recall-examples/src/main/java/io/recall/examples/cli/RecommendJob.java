package io.recall.examples.cli;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.ImportReport;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderEvent;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.recommend.CoPurchaseFitter;
import io.recall.recommend.CoPurchaseModel;
import io.recall.recommend.Evaluation;
import io.recall.recommend.RecommendOptions;
import io.recall.recommend.Recommendation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static io.recall.examples.cli.CsvCells.csv;

/**
 * The {@code recall recommend} job: import, fit a co-purchase model on every purchase, list the top N for
 * every customer who bought something, and optionally evaluate on a time split. Parsing the command line
 * is {@link RecommendCommand}'s business; this class only runs.
 */
public final class RecommendJob {

    /**
     * What to run.
     *
     * @param input    the order file (gzip or plain)
     * @param format   its format
     * @param top      recommendations per customer, at least 1
     * @param asOf     use purchases up to this date only
     * @param options  how to fit the model
     * @param output   where to write customer_id,rank,sku,score,reason
     * @param modelOut where to write the fitted model
     * @param evaluate the last training day of an evaluation, if one is wanted
     */
    public record Settings(Path input, InputFormat format, int top, Optional<LocalDate> asOf, RecommendOptions options,
                           Optional<Path> output, Optional<Path> modelOut, Optional<LocalDate> evaluate) {
        /** Validates that nothing is missing. */
        public Settings {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(asOf, "asOf");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(modelOut, "modelOut");
            Objects.requireNonNull(evaluate, "evaluate");
            if (top < 1) {
                throw new IllegalArgumentException("top must be at least 1 but was " + top);
            }
        }
    }

    /**
     * What came out.
     *
     * @param report       the import's accounting of every row
     * @param model        the model fitted on every purchase
     * @param customers    customers with a recommendation list
     * @param rowsWritten  recommendation rows written (0 without an output)
     * @param linesIgnored purchase lines of SKUs that are not products
     * @param evaluation   the evaluation, when asked for
     */
    public record Result(ImportReport report, CoPurchaseModel model, int customers, long rowsWritten, long linesIgnored,
                         Optional<Evaluation.Result> evaluation) {
    }

    /** The CSV header of the output. */
    public static final String HEADER = "customer_id,rank,sku,score,reason";

    private RecommendJob() {
    }

    /** Runs the job. */
    public static Result run(Settings settings, ProgressListener progress) throws IOException {
        if (!Files.isRegularFile(settings.input())) {
            throw new IllegalArgumentException("input file not found: " + settings.input().toAbsolutePath());
        }
        ImportOptions importOptions = ImportOptions.defaults().withSource(settings.format().id());
        if (settings.asOf().isPresent()) {
            importOptions = importOptions.withCutoff(settings.asOf().get());
        }
        RecommendOptions options = settings.options();
        CoPurchaseFitter fitter = CoPurchaseModel.newFitter(options);
        Pattern products = options.itemPattern().map(Pattern::compile).orElse(null);
        // Every customer with a purchase gets a list, even one who bought only non-products (popular items).
        Map<String, Set<String>> bought = new TreeMap<>();
        Consumer<OrderEvent> sink = event -> {
            fitter.accept(event);
            if (event instanceof OrderEvent.PurchaseLine p) {
                Set<String> skus = bought.computeIfAbsent(p.customerId(), c -> new HashSet<>());
                String sku = p.orderLine().sku();
                if (products == null || products.matcher(sku).matches()) {
                    skus.add(sku);
                }
            }
        };
        Evaluation.TimeSplit split = settings.evaluate()
                .map(day -> Evaluation.timeSplit(day, settings.format().defaultZone(), options)).orElse(null);
        if (split != null) {
            sink = sink.andThen(split);
        }
        ImportReport report = OrderImporter.read(settings.input(), settings.format(), importOptions, sink, progress);
        if (fitter.linesAdded() == 0) {
            throw new IllegalArgumentException("no purchases of products in " + settings.input() + " ("
                    + report.purchaseLines() + " purchase lines, " + fitter.linesIgnored() + " of them not products"
                    + options.itemPattern().map(p -> " under --items " + p).orElse("") + "); nothing to recommend");
        }
        CoPurchaseModel model = fitter.fit();
        long rows = 0;
        if (settings.output().isPresent()) {
            try (Writer out = Files.newBufferedWriter(settings.output().get(), StandardCharsets.UTF_8)) {
                out.write(HEADER + "\n");
                for (Map.Entry<String, Set<String>> customer : bought.entrySet()) {
                    List<Recommendation> list = model.recommend(customer.getValue(), settings.top());
                    String id = csv(customer.getKey());
                    for (int rank = 0; rank < list.size(); rank++) {
                        Recommendation r = list.get(rank);
                        out.write(id + ',' + (rank + 1) + ',' + csv(r.sku()) + ','
                                + String.format(Locale.ROOT, "%.6f", r.score()) + ',' + csv(r.explanation()) + '\n');
                        rows++;
                    }
                }
            }
        }
        if (settings.modelOut().isPresent()) {
            Files.writeString(settings.modelOut().get(), model.toJson(), StandardCharsets.UTF_8);
        }
        Optional<Evaluation.Result> evaluation = Optional.empty();
        if (split != null) {
            if (split.training().isEmpty()) {
                throw new IllegalArgumentException("no purchases of products on or before --evaluate "
                        + split.lastTrainingDay() + " in " + settings.input() + "; nothing to train on");
            }
            evaluation = Optional.of(split.evaluate(settings.top()));
        }
        return new Result(report, model, bought.size(), rows, fitter.linesIgnored(), evaluation);
    }
}
