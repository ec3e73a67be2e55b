package io.recall.examples.cli;

import io.recall.model.Money;
import io.recall.predict.Horizon;
import io.recall.predict.OpportunityPeriod;
import io.recall.predict.PeriodUnit;
import io.recall.predict.StandardErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code recall predict}: fit a BTYD model (BG/NBD, Pareto/NBD, Gamma-Gamma or BG/BB) and predict every
 * customer's P(alive), expected purchases or expected spend.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Fit a BTYD model by maximum likelihood and predict each customer's future purchases.")
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "bgnbd, pareto-nbd, gamma-gamma (spend per purchase) or bgbb (discrete opportunities).")
    String model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The input file.")
    Path input;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "summary (ID,frequency,recency,T[,zbar] or frequency,recency,periods,weights), "
                    + "online-retail, cdnow (order files) or grocery (cust,date). For bgbb, dated purchases become "
                    + "one opportunity per --period.")
    String format;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "End of calibration for order files and event logs, YYYY-MM-DD (purchases on it count). "
                    + "Default: the day of the last purchase. For bgbb, calibration ends with the last whole --period "
                    + "on or before it.")
    LocalDate asOf;

    @Option(names = "--holdout-end", paramLabel = "DATE",
            description = "Also count purchases after --as-of up to this day and report the holdout error.")
    LocalDate holdoutEnd;

    @Option(names = "--unit", defaultValue = "weeks", paramLabel = "UNIT",
            description = "weeks or days: the model's unit of time (for summary files, the unit of recency and T; "
                    + "bgbb always counts opportunities; default: ${DEFAULT-VALUE}).")
    String unit;

    @Option(names = "--period", paramLabel = "PERIOD",
            description = "bgbb from order files and event logs: the calendar length of one transaction opportunity, "
                    + "week, month, quarter or year (default: month). A customer transacts at most once per period; "
                    + "the period of their first purchase is their time 0.")
    String period;

    @Option(names = "--calibration-start", paramLabel = "DATE",
            description = "bgbb from order files and event logs: the first day of the first period, YYYY-MM-DD "
                    + "(default: the start of the period of the first purchase; weeks start on Monday). Purchases "
                    + "before it are not seen.")
    LocalDate calibrationStart;

    @Option(names = "--horizon", paramLabel = "LENGTH",
            description = "How far ahead to predict: 52w, 90d, or a number of opportunities for bgbb "
                    + "(default: 52w; bgbb: 1).")
    String horizon;

    @Option(names = "--currency", defaultValue = "USD", paramLabel = "CODE",
            description = "The currency of a summary file's spend column (default: ${DEFAULT-VALUE}).")
    String currency;

    @Option(names = "--params-json", required = true, paramLabel = "FILE",
            description = "Write the fitted parameters, log-likelihood and fit report here.")
    Path paramsJson;

    @Option(names = "--output", paramLabel = "FILE.csv", description = "Write each customer's predictions.")
    Path output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private static final Pattern HORIZON = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([dw]?)");

    /** The settings the options describe; usage errors are thrown as picocli parameter exceptions. */
    PredictJob.Settings settings() {
        PredictJob.Model m = PredictJob.Model.byId(model).orElseThrow(() -> usage(
                "--model must be one of bgnbd, pareto-nbd, gamma-gamma, bgbb but was '" + model + "'"));
        PredictJob.Format f = PredictJob.Format.byId(format).orElseThrow(() -> usage(
                "--format must be one of summary, online-retail, cdnow, grocery but was '" + format + "'"));
        PeriodUnit u = switch (unit.toLowerCase(Locale.ROOT)) {
            case "weeks" -> PeriodUnit.WEEKS;
            case "days" -> PeriodUnit.DAYS;
            default -> throw usage("--unit must be weeks or days but was '" + unit + "'");
        };
        OpportunityPeriod p = OpportunityPeriod.MONTH;
        if (period != null) {
            p = OpportunityPeriod.byId(period.toLowerCase(Locale.ROOT)).orElseThrow(() -> usage(
                    "--period must be one of week, month, quarter, year but was '" + period + "'"));
        }
        if ((period != null || calibrationStart != null)
                && (m != PredictJob.Model.BGBB || f == PredictJob.Format.SUMMARY)) {
            throw usage("--period and --calibration-start apply to --model bgbb with order files or event logs "
                    + "(online-retail, cdnow, grocery)");
        }
        if (m == PredictJob.Model.BGBB) {
            u = PeriodUnit.OPPORTUNITIES;
        }
        if (f == PredictJob.Format.SUMMARY && (asOf != null || holdoutEnd != null)) {
            throw usage("--as-of and --holdout-end apply to order files and event logs, not to --format summary");
        }
        if (holdoutEnd != null && asOf == null) {
            throw usage("--holdout-end needs --as-of (the end of calibration)");
        }
        Horizon h = horizon(m, u);
        try {
            return new PredictJob.Settings(m, input, f, Optional.ofNullable(asOf), Optional.ofNullable(holdoutEnd), u, p,
                    Optional.ofNullable(calibrationStart), h, Money.currency(currency), paramsJson,
                    Optional.ofNullable(output));
        } catch (IllegalArgumentException e) {
            throw usage("--currency: " + e.getMessage());
        }
    }

    private Horizon horizon(PredictJob.Model m, PeriodUnit u) {
        String text = horizon == null ? (m == PredictJob.Model.BGBB ? "1" : "52w") : horizon.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = HORIZON.matcher(text);
        if (!matcher.matches()) {
            throw usage("--horizon must look like 52w, 90d or (bgbb) 5 but was '" + horizon + "'");
        }
        double length = Double.parseDouble(matcher.group(1));
        String suffix = matcher.group(2);
        if (m == PredictJob.Model.BGBB) {
            if (!suffix.isEmpty() || length != Math.rint(length)) {
                throw usage("--horizon for bgbb is a whole number of opportunities but was '" + horizon + "'");
            }
            return Horizon.opportunities((int) length);
        }
        if (suffix.isEmpty()) {
            return new Horizon(length, u);
        }
        return suffix.equals("d") ? Horizon.days(length) : Horizon.weeks(length);
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        PredictJob.Settings settings = settings();
        PredictJob.Result result = PredictJob.run(settings, Progress.forTerminal("reading " + input.getFileName()));
        Report.print(spec.commandLine().getOut(), settings, result);
        return 0;
    }

    /** Prints a short, human-readable result. */
    static final class Report {
        private Report() {
        }

        static void print(PrintWriter out, PredictJob.Settings settings, PredictJob.Result r) {
            r.importReport().ifPresent(report -> out.printf("rows read %,d: accepted %,d, merged as duplicates %,d, "
                    + "rejected %,d%n", report.rowsRead(), report.rowsAccepted(), report.rowsMerged(), report.rowsRejected()));
            out.printf("%s fitted on %,d customers%s%s%n", r.modelName(), r.fit().customers(),
                    r.asOf().map(d -> " as of " + d).orElse(""), r.opportunities().map(o -> " (" + o + ")").orElse(""));
            StandardErrors errors = r.fit().standardErrors();
            r.parameters().forEach((name, value) -> out.printf(Locale.ROOT, "  %-6s %.6g%s%n", name, value,
                    errors.forParameter(name).map(se -> String.format(Locale.ROOT, "  (standard error %.4g)", se))
                            .orElse("")));
            errors.unavailable().ifPresent(why -> out.printf("  no standard errors: %s%n", why));
            out.printf(Locale.ROOT, "  log-likelihood %.4f (%d iterations, %d evaluations, %s)%n", r.fit().logLikelihood(),
                    r.fit().iterations(), r.fit().evaluations(), r.fit().message());
            r.holdout().ifPresent(a -> out.printf(Locale.ROOT, "holdout to %s: MAE %.4f per customer, RMSE %.4f, "
                            + "expected %.1f vs actual %d purchases (%+.2f%%)%n", settings.holdoutEnd().orElseThrow(),
                    a.meanAbsoluteError(), a.rootMeanSquaredError(), a.expectedTotal(), a.actualTotal(),
                    100 * a.aggregateError()));
            out.printf("parameters written to %s%s%n", settings.paramsJson(),
                    settings.output().map(o -> ", predictions to " + o).orElse(""));
            out.flush();
        }
    }
}
