package io.recall.examples.cli;

import io.recall.ingest.InputFormat;
import io.recall.rfm.Binning;
import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.MonetaryBasis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code recall segment}: RFM metrics, scores and a segment for every customer of an order file. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Import an order file, fit RFM scores and put every customer in a segment.")
final class SegmentCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Order file (plain or gzip).")
    Path input;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = OrderFormats.ORDER_FILES_TEXT + ".")
    String format;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "As-of date YYYY-MM-DD; rows after it are rejected as after-cutoff. "
                    + "Default: the day after the last purchase.")
    LocalDate asOf;

    @Option(names = "--scheme", defaultValue = "rfm11", paramLabel = "SCHEME",
            description = "seed4, rfm8, rfm11 or a scheme JSON file (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--binning", defaultValue = "quantile", paramLabel = "HOW",
            description = "quantile or mean (mean: two-level schemes only; default: ${DEFAULT-VALUE}).")
    String binning;

    @Option(names = "--frequency", defaultValue = "orders", paramLabel = "BASIS",
            description = "orders or days (distinct purchase days; default: ${DEFAULT-VALUE}).")
    String frequency;

    @Option(names = "--monetary", defaultValue = "total", paramLabel = "BASIS",
            description = "total or average (per purchase occasion; default: ${DEFAULT-VALUE}).")
    String monetary;

    @Option(names = "--model", paramLabel = "FILE.json",
            description = "Use this fitted model instead of fitting one (its bases, zone and currency apply).")
    Path modelIn;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone of local timestamps, e.g. Europe/London (default: the format's).")
    java.time.ZoneId zone;

    @Option(names = "--currency", paramLabel = "CODE",
            description = "Expected ISO currency; rows in others are rejected (default: the format's, or the first row's).")
    String currency;

    @Option(names = "--model-output", paramLabel = "FILE.json", description = "Write the fitted model here.")
    Path modelOut;

    @Option(names = "--output", paramLabel = "FILE.csv", description = "Write each customer's metrics, scores and segment.")
    Path output;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the summary (counts, reasons, segments).")
    Path summaryJson;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The settings the options describe; usage errors are thrown as picocli parameter exceptions. */
    SegmentJob.Settings settings() {
        InputFormat inputFormat = OrderFormats.parse(spec.commandLine(), format, OrderFormats.ORDER_FILES);
        Binning bin = switch (binning.toLowerCase(Locale.ROOT)) {
            case "quantile" -> Binning.QUANTILE;
            case "mean" -> Binning.MEAN;
            default -> throw usage("--binning must be quantile or mean but was '" + binning + "'");
        };
        FrequencyBasis fb = switch (frequency.toLowerCase(Locale.ROOT)) {
            case "orders" -> FrequencyBasis.ORDERS;
            case "days" -> FrequencyBasis.DISTINCT_DAYS;
            default -> throw usage("--frequency must be orders or days but was '" + frequency + "'");
        };
        MonetaryBasis mb = switch (monetary.toLowerCase(Locale.ROOT)) {
            case "total" -> MonetaryBasis.TOTAL;
            case "average" -> MonetaryBasis.AVERAGE;
            default -> throw usage("--monetary must be total or average but was '" + monetary + "'");
        };
        if (modelIn != null) {
            for (String fitting : new String[] {"--binning", "--frequency", "--monetary", "--zone", "--model-output"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(fitting)) {
                    throw usage(fitting + " cannot be combined with --model: the model fixes how metrics are computed");
                }
            }
        }
        if (currency != null) {
            try {
                io.recall.model.Money.currency(currency);
            } catch (IllegalArgumentException e) {
                throw usage("--currency: " + e.getMessage());
            }
        }
        return new SegmentJob.Settings(input, inputFormat, Optional.ofNullable(asOf), scheme, bin, fb, mb,
                Optional.ofNullable(modelIn), Optional.ofNullable(output), Optional.ofNullable(summaryJson),
                Optional.ofNullable(modelOut), Optional.ofNullable(zone), Optional.ofNullable(currency));
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        SegmentJob.Settings settings = settings();
        SegmentJob.Result result = SegmentJob.run(settings, Progress.forTerminal("reading " + input.getFileName()));
        Report.print(spec.commandLine().getOut(), result);
        return 0;
    }

    /** Prints a short, human-readable result table. */
    static final class Report {
        private Report() {
        }

        static void print(PrintWriter out, SegmentJob.Result result) {
            var report = result.report();
            out.printf("rows read %,d: accepted %,d, merged as duplicates %,d, rejected %,d%n", report.rowsRead(),
                    report.rowsAccepted(), report.rowsMerged(), report.rowsRejected());
            report.rejectedByReason().forEach((reason, count) -> out.printf("  rejected %-28s %,d%n", reason.code(), count));
            out.printf("customers %,d as of %s (scheme %s, %d levels, %s)%n", result.customers(), result.asOf(),
                    result.scheme().name(), result.scheme().levels(), result.model().currency().getCurrencyCode());
            for (var segment : result.scheme().segments()) {
                int count = result.segments().getOrDefault(segment.id(), 0);
                out.printf("  %-20s %-18s %,7d  %5.1f%%%n", segment.id(), segment.label(Locale.SIMPLIFIED_CHINESE),
                        count, 100.0 * count / Math.max(1, result.customers()));
            }
            out.flush();
        }
    }
}
