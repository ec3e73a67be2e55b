package io.recall.examples.cli;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.ImportReport;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderEvent;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.model.Money;
import io.recall.predict.BgBbModel;
import io.recall.predict.BgNbdModel;
import io.recall.predict.BtydAggregator;
import io.recall.predict.BtydData;
import io.recall.predict.BtydSummary;
import io.recall.predict.CalibrationHoldout;
import io.recall.predict.FitReport;
import io.recall.predict.GammaGammaModel;
import io.recall.predict.GoodnessOfFit;
import io.recall.predict.HoldoutAccuracy;
import io.recall.predict.HoldoutSummary;
import io.recall.predict.Horizon;
import io.recall.predict.OpportunityPeriod;
import io.recall.predict.ParetoNbdModel;
import io.recall.predict.PeriodUnit;
import io.recall.predict.PurchaseModel;

import java.io.IOException;
import java.io.Writer;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.recall.examples.cli.CsvCells.csv;

/**
 * The {@code recall predict} job: read customer summaries (or an order file and summarise it), fit a BTYD
 * model by maximum likelihood, write its parameters and log-likelihood as JSON and each customer's
 * predictions as CSV. Parsing the command line is {@link PredictCommand}'s business; this class only runs.
 */
public final class PredictJob {

    /** The models the job fits. */
    public enum Model {
        BGNBD("bgnbd"), PARETO_NBD("pareto-nbd"), GAMMA_GAMMA("gamma-gamma"), BGBB("bgbb");

        private final String id;

        Model(String id) {
            this.id = id;
        }

        /** The command-line name. */
        public String id() {
            return id;
        }

        static Optional<Model> byId(String id) {
            for (Model m : values()) {
                if (m.id.equals(id)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    /** The input formats: a summary CSV, an order file Recall imports, or a date-only event log. */
    public enum Format {
        SUMMARY("summary"), ONLINE_RETAIL("online-retail"), CDNOW("cdnow"), GROCERY("grocery");

        private final String id;

        Format(String id) {
            this.id = id;
        }

        /** The command-line name. */
        public String id() {
            return id;
        }

        static Optional<Format> byId(String id) {
            for (Format f : values()) {
                if (f.id.equals(id)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What to run.
     *
     * @param model      which model to fit
     * @param input      the input file
     * @param format     its format
     * @param asOf       the end of calibration for order files and event logs; empty means the day of the
     *                   last purchase
     * @param holdoutEnd for order files and event logs: also count each customer's purchases up to this day
     *                   and report the holdout error
     * @param unit       the unit of time (summary files: the unit of their recency and T; BG/BB: opportunities)
     * @param period     BG/BB from order files and event logs: the calendar length of one opportunity
     * @param calibrationStart BG/BB from order files and event logs: the first day of the first period; empty
     *                   means the calendar start of the period of the first purchase (weeks start on Monday)
     * @param horizon    how far ahead to predict purchases
     * @param currency   the currency of a summary file's spend column
     * @param paramsJson where to write the fitted model
     * @param output     where to write the per-customer predictions
     */
    public record Settings(Model model, Path input, Format format, Optional<LocalDate> asOf,
                           Optional<LocalDate> holdoutEnd, PeriodUnit unit, OpportunityPeriod period,
                           Optional<LocalDate> calibrationStart, Horizon horizon, Currency currency,
                           Path paramsJson, Optional<Path> output) {
        public Settings {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(asOf, "asOf");
            Objects.requireNonNull(holdoutEnd, "holdoutEnd");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(calibrationStart, "calibrationStart");
            Objects.requireNonNull(horizon, "horizon");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(paramsJson, "paramsJson");
            Objects.requireNonNull(output, "output");
        }
    }

    /**
     * What came out.
     *
     * @param modelName  the model's name
     * @param parameters the fitted parameters, named as in the papers
     * @param fit        the fit report (log-likelihood, iterations, customers)
     * @param customers  customers in the input (aggregated counts included)
     * @param asOf       the end of calibration used, for order files and event logs
     * @param importReport the import's accounting of every row, for order files
     * @param holdout    the holdout error, when a holdout end was given
     * @param opportunities for BG/BB from dates: which periods were the opportunities, e.g. "whole months from
     *                   1997-01-01 to 1998-06-30"
     */
    public record Result(String modelName, Map<String, Double> parameters, FitReport fit, long customers,
                         Optional<LocalDate> asOf, Optional<ImportReport> importReport, Optional<HoldoutAccuracy> holdout,
                         Optional<String> opportunities) {
    }

    private record Loaded(List<HoldoutSummary> customers, List<Long> counts, Optional<LocalDate> asOf,
                          Optional<ImportReport> report, boolean holdout, Optional<String> opportunities) {
    }

    private PredictJob() {
    }

    /** Runs the job. */
    public static Result run(Settings s, ProgressListener progress) throws IOException {
        if (!Files.isRegularFile(s.input())) {
            throw new IllegalArgumentException("input file not found: " + s.input().toAbsolutePath());
        }
        Loaded data = load(s, progress);
        List<BtydSummary> summaries = data.customers().stream().map(HoldoutSummary::calibration).toList();
        long customers = data.counts().stream().mapToLong(Long::longValue).sum();
        String name;
        Map<String, Double> parameters;
        FitReport fit;
        Optional<HoldoutAccuracy> accuracy = Optional.empty();
        List<String> header = new ArrayList<>(List.of("customer_id", "repeat_purchases", "time_of_last_purchase",
                "age_at_end", "unit"));
        if (data.counts().stream().anyMatch(c -> c != 1)) {
            header.add("customers");
        }
        if (s.model() == Model.GAMMA_GAMMA) {
            GammaGammaModel model = GammaGammaModel.fit(expand(summaries, data.counts()));
            Files.writeString(s.paramsJson(), model.toJson() + "\n", StandardCharsets.UTF_8);
            name = s.model().id();
            parameters = model.parameters();
            fit = model.fit().orElseThrow();
            header.addAll(List.of("mean_repeat_spend", "expected_mean_spend", "currency"));
            if (s.output().isPresent()) {
                try (Writer out = Files.newBufferedWriter(s.output().get(), StandardCharsets.UTF_8)) {
                    out.write(String.join(",", header) + "\n");
                    for (int i = 0; i < summaries.size(); i++) {
                        BtydSummary c = summaries.get(i);
                        Money spend = model.expectedMeanSpend(c.repeatPurchases(),
                                c.meanRepeatSpend().filter(m -> c.repeatPurchases() > 0), RoundingMode.HALF_EVEN);
                        out.write(prefix(c, data.counts().get(i), header) + ","
                                + c.meanRepeatSpend().map(m -> m.amount().toPlainString()).orElse("") + ","
                                + spend.amount().toPlainString() + "," + spend.currency().getCurrencyCode() + "\n");
                    }
                }
            }
        } else {
            PurchaseModel model = fitPurchases(s, summaries, data.counts());
            Files.writeString(s.paramsJson(), model.toJson() + "\n", StandardCharsets.UTF_8);
            name = model.name();
            parameters = model.parameters();
            fit = model.fit().orElseThrow();
            if (data.holdout()) {
                accuracy = Optional.of(GoodnessOfFit.holdoutAccuracy(model, data.customers()));
            }
            header.add("p_alive");
            header.add("expected_purchases_" + s.horizon().toString().replace(' ', '_'));
            if (data.holdout()) {
                header.add("holdout_purchases");
            }
            if (s.output().isPresent()) {
                try (Writer out = Files.newBufferedWriter(s.output().get(), StandardCharsets.UTF_8)) {
                    out.write(String.join(",", header) + "\n");
                    for (int i = 0; i < summaries.size(); i++) {
                        BtydSummary c = summaries.get(i);
                        out.write(prefix(c, data.counts().get(i), header) + ","
                                + format(model.probabilityAlive(c)) + "," + format(model.expectedPurchases(s.horizon(), c))
                                + (data.holdout() ? "," + data.customers().get(i).holdoutPurchases() : "") + "\n");
                    }
                }
            }
        }
        return new Result(name, parameters, fit, customers, data.asOf(), data.report(), accuracy, data.opportunities());
    }

    private static PurchaseModel fitPurchases(Settings s, List<BtydSummary> summaries, List<Long> counts) {
        int n = summaries.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        long[] weights = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = summaries.get(i).repeatPurchases();
            tx[i] = summaries.get(i).timeOfLastPurchase();
            age[i] = summaries.get(i).ageAtEnd();
            weights[i] = counts.get(i);
        }
        BtydData data = BtydData.ofCounts(summaries.get(0).unit(), x, tx, age, weights);
        switch (s.model()) {
            case BGNBD:
                return BgNbdModel.fit(data);
            case PARETO_NBD:
                return ParetoNbdModel.fit(data);
            case BGBB:
                return BgBbModel.fit(data);
            default:
                throw new AssertionError(s.model());
        }
    }

    private static List<BtydSummary> expand(List<BtydSummary> summaries, List<Long> counts) {
        List<BtydSummary> all = new ArrayList<>();
        for (int i = 0; i < summaries.size(); i++) {
            for (long k = 0; k < counts.get(i); k++) {
                all.add(summaries.get(i));
            }
        }
        return all;
    }

    private static Loaded load(Settings s, ProgressListener progress) throws IOException {
        if (s.format() == Format.SUMMARY) {
            List<BtydSummaryFile.Row> rows = BtydSummaryFile.read(s.input(), s.unit(), s.currency());
            List<HoldoutSummary> customers = new ArrayList<>(rows.size());
            List<Long> counts = new ArrayList<>(rows.size());
            for (BtydSummaryFile.Row row : rows) {
                customers.add(new HoldoutSummary(row.summary(), 0, s.horizon()));
                counts.add(row.customers());
            }
            return new Loaded(customers, counts, Optional.empty(), Optional.empty(), false, Optional.empty());
        }
        BtydAggregator aggregator;
        Optional<ImportReport> report = Optional.empty();
        if (s.format() == Format.GROCERY) {
            aggregator = BtydAggregator.create(java.time.ZoneOffset.UTC);
            DateEventLog.read(s.input(), aggregator);
        } else {
            InputFormat format = s.format() == Format.CDNOW ? InputFormat.CDNOW : InputFormat.ONLINE_RETAIL;
            aggregator = BtydAggregator.create(format.defaultZone());
            BtydAggregator sink = aggregator;
            report = Optional.of(OrderImporter.read(s.input(), format, ImportOptions.defaults().withSource(format.id()),
                    event -> feed(sink, event), progress));
        }
        LocalDate asOf = s.asOf().orElseGet(() -> aggregator.lastPurchaseDay().orElseThrow(() ->
                new IllegalArgumentException("no purchases in " + s.input() + "; nothing to fit")));
        LocalDate holdoutEnd = s.holdoutEnd().orElse(asOf);
        if (holdoutEnd.isBefore(asOf)) {
            throw new IllegalArgumentException("--holdout-end " + holdoutEnd + " precedes the end of calibration " + asOf);
        }
        CalibrationHoldout split;
        Optional<String> opportunities = Optional.empty();
        if (s.model() == Model.BGBB) {
            OpportunityPeriod period = s.period();
            LocalDate start = s.calibrationStart().orElseGet(() -> period.calendarStart(
                    aggregator.firstPurchaseDay().orElseThrow()));
            split = aggregator.opportunitySplit(start, asOf, holdoutEnd, period);
            opportunities = Optional.of("whole " + period.id() + "s from " + start + " to " + split.calibrationEnd()
                    + (s.holdoutEnd().isPresent() ? ", holdout to " + split.holdoutEnd() : ""));
        } else {
            split = aggregator.split(asOf, holdoutEnd, s.unit());
        }
        if (split.customers().isEmpty()) {
            throw new IllegalArgumentException("no customer has a purchase by " + asOf + " in " + s.input());
        }
        List<Long> counts = new ArrayList<>(java.util.Collections.nCopies(split.customers().size(), 1L));
        return new Loaded(split.customers(), counts, Optional.of(asOf), report, s.holdoutEnd().isPresent(), opportunities);
    }

    private static void feed(BtydAggregator aggregator, OrderEvent event) {
        if (event instanceof OrderEvent.PurchaseLine p) {
            aggregator.addPurchase(p.customerId(), p.orderId(), p.at(), p.orderLine().amount());
        } else if (event instanceof OrderEvent.RefundLine r) {
            aggregator.addRefund(r.customerId(), r.orderId(), r.at(), r.orderLine().amount());
        }
    }

    private static String prefix(BtydSummary c, long count, List<String> header) {
        return csv(c.customerId()) + "," + c.repeatPurchases() + "," + format(c.timeOfLastPurchase()) + ","
                + format(c.ageAtEnd()) + "," + c.unit().id() + (header.contains("customers") ? "," + count : "");
    }

    /** Six significant digits: plenty for a probability or an expected count, and short. */
    private static String format(double v) {
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
        return Math.abs(v) >= 1e-4 || v == 0 ? d.toPlainString() : d.toString();
    }
}
