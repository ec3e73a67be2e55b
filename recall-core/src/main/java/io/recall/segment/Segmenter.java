package io.recall.segment;

import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.rfm.CurrencyConverter;
import io.recall.rfm.RfmCalculator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;
import io.recall.rfm.ScoringModel;

import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Classifies customers into the segments of a scheme with a fitted scoring model.
 *
 * <p>Built once (say at start-up, from JSON the nightly batch wrote), then called inline: every
 * {@code classify} method is a pure function of its arguments, thread-safe, lock-free, with no I/O, no
 * logging, and, for {@link #classify(int, int, long)}, no allocation. When the scheme tests only
 * scores, the segment of every score cell is computed here once and classification is a table lookup.
 *
 * <pre>{@code
 * Segmenter segmenter = Segmenter.of(ScoringModel.fromJson(modelJson), SegmentScheme.builtIn("rfm11"));
 * Segment segment = segmenter.classify(daysSinceLastOrder, orderCount, spendInPence);
 * }</pre>
 */
public final class Segmenter {

    private static final int R = 0;
    private static final int F = 1;
    private static final int M = 2;
    private static final int FM = 3;
    private static final int RECENCY_DAYS = 4;
    private static final int FREQUENCY = 5;
    private static final int MONETARY = 6;
    private static final int TENURE_DAYS = 7;

    private final ScoringModel model;
    private final SegmentScheme scheme;
    private final RfmCalculator calculator;
    /** Segment per score cell; null when some rule tests a raw metric. */
    private final Segment[] table;
    // Rules flattened for sequential evaluation: conditions [ruleEnd[k-1], ruleEnd[k]) belong to rule k.
    private final int[] conditionField;
    private final long[] conditionMin;
    private final long[] conditionMax;
    private final int[] ruleEnd;
    private final Segment[] ruleSegment;
    private final Segment fallback;
    private final boolean usesTenure;

    private Segmenter(ScoringModel model, SegmentScheme scheme, CurrencyConverter converter) {
        this.model = Objects.requireNonNull(model, "model");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        if (model.levels() != scheme.levels()) {
            throw new IllegalArgumentException("scheme '" + scheme.name() + "' needs " + scheme.levels()
                    + " score levels but the model has " + model.levels() + "; fit the model with "
                    + scheme.levels() + " levels");
        }
        scheme.currency().ifPresent(c -> {
            if (!c.equals(model.currency())) {
                throw new io.recall.model.CurrencyMismatchException(model.currency(), c);
            }
        });
        this.calculator = RfmCalculator.of(model.options().withConverter(Objects.requireNonNull(converter, "converter")));
        List<SegmentRule> rules = scheme.rules();
        int count = rules.stream().mapToInt(r -> r.conditions().size()).sum();
        conditionField = new int[count];
        conditionMin = new long[count];
        conditionMax = new long[count];
        ruleEnd = new int[rules.size()];
        ruleSegment = new Segment[rules.size()];
        int c = 0;
        for (int k = 0; k < rules.size(); k++) {
            for (Condition condition : rules.get(k).conditions()) {
                conditionField[c] = condition.field().ordinal();
                conditionMin[c] = condition.min();
                conditionMax[c] = condition.max();
                c++;
            }
            ruleEnd[k] = c;
            ruleSegment[k] = rules.get(k).segment();
        }
        fallback = scheme.fallback().orElse(null);
        usesTenure = scheme.usesTenure();
        if (scheme.usesMetrics()) {
            table = null;
        } else {
            int levels = model.levels();
            table = new Segment[levels * levels * levels];
            for (int r = 1; r <= levels; r++) {
                for (int f = 1; f <= levels; f++) {
                    for (int m = 1; m <= levels; m++) {
                        table[model.cell(r, f, m)] = evaluate(r, f, m, 0, 0, 0, 0);
                    }
                }
            }
        }
    }

    /**
     * A segmenter for a model and a scheme with the same number of score levels.
     *
     * @throws IllegalArgumentException when the levels or the currencies differ
     */
    public static Segmenter of(ScoringModel model, SegmentScheme scheme) {
        return new Segmenter(model, scheme, CurrencyConverter.NONE);
    }

    /**
     * A segmenter whose {@link #classify(CustomerHistory, LocalDate)} converts amounts in other currencies
     * into the model's with {@code converter} (the raw-number overloads take the model's currency).
     */
    public static Segmenter of(ScoringModel model, SegmentScheme scheme, CurrencyConverter converter) {
        return new Segmenter(model, scheme, converter);
    }

    /** The scoring model. */
    public ScoringModel model() {
        return model;
    }

    /** The segment scheme. */
    public SegmentScheme scheme() {
        return scheme;
    }

    /**
     * The segment of a customer known by three numbers a shop already has. Allocation-free.
     *
     * @param recencyDays        whole days since the last purchase, at least 0
     * @param frequency          purchase occasions, counted as the model's frequency basis says
     * @param monetaryMinorUnits net spend in minor units (pence, cents) of the model's currency
     * @throws IllegalStateException when the scheme tests tenure, which these numbers do not carry
     */
    public Segment classify(int recencyDays, int frequency, long monetaryMinorUnits) {
        if (usesTenure) {
            throw new IllegalStateException("scheme '" + scheme.name()
                    + "' tests tenureDays; call classify(RfmMetrics) or the overload with tenure");
        }
        return classify(recencyDays, frequency, monetaryMinorUnits, recencyDays);
    }

    /** The segment of a customer known by four numbers, tenure included. Allocation-free. */
    public Segment classify(int recencyDays, int frequency, long monetaryMinorUnits, int tenureDays) {
        if (table != null) {
            return table[model.cellIndex(recencyDays, frequency, monetaryMinorUnits)];
        }
        RfmScore score = model.score(recencyDays, frequency, monetaryMinorUnits);
        return evaluate(score.r(), score.f(), score.m(), recencyDays, frequency, monetaryMinorUnits, tenureDays);
    }

    /** The segment for an amount of money rather than minor units; the amount is rounded half-even. */
    public Segment classify(int recencyDays, int frequency, Money monetary) {
        requireCurrency(monetary);
        return classify(recencyDays, frequency, monetary.toMinorUnits(RoundingMode.HALF_EVEN));
    }

    /** The segment of a customer's metrics. */
    public Segment classify(RfmMetrics metrics) {
        requireCurrency(metrics.monetary());
        return classify(metrics.recencyDays(), metrics.frequency(), metrics.monetaryMinorUnits(), metrics.tenureDays());
    }

    /**
     * The segment of a customer's history as of a date (metrics computed as the model's options say),
     * or empty when the customer has no purchase by then.
     */
    public Optional<Segment> classify(CustomerHistory history, LocalDate asOf) {
        return calculator.compute(history, asOf).map(this::classify);
    }

    /** Metrics, scores and segment together. */
    public Classification classification(RfmMetrics metrics) {
        requireCurrency(metrics.monetary());
        long money = metrics.monetaryMinorUnits();
        // Score once; the segment of a score-only scheme is its cell's, without scoring again.
        RfmScore score = model.score(metrics.recencyDays(), metrics.frequency(), money);
        Segment segment = table != null ? table[model.cell(score.r(), score.f(), score.m())]
                : evaluate(score.r(), score.f(), score.m(), metrics.recencyDays(), metrics.frequency(), money,
                        metrics.tenureDays());
        return new Classification(metrics, score, segment);
    }

    private void requireCurrency(Money money) {
        if (money.currency() != model.currency() && !money.currency().equals(model.currency())) {
            throw new io.recall.model.CurrencyMismatchException(model.currency(), money.currency());
        }
    }

    private Segment evaluate(int r, int f, int m, long recencyDays, long frequency, long monetary, long tenure) {
        int fm = (f + m + 1) / 2;
        int c = 0;
        for (int k = 0; k < ruleEnd.length; k++) {
            int end = ruleEnd[k];
            boolean match = true;
            for (; c < end; c++) {
                long value;
                switch (conditionField[c]) {
                    case R: value = r; break;
                    case F: value = f; break;
                    case M: value = m; break;
                    case FM: value = fm; break;
                    case RECENCY_DAYS: value = recencyDays; break;
                    case FREQUENCY: value = frequency; break;
                    case MONETARY: value = monetary; break;
                    case TENURE_DAYS: value = tenure; break;
                    default: throw new AssertionError(conditionField[c]);
                }
                if (value < conditionMin[c] || value > conditionMax[c]) {
                    match = false;
                    c = end;
                    break;
                }
            }
            if (match) {
                return ruleSegment[k];
            }
        }
        if (fallback == null) {
            // Validation proved the pure-score rules cover every cell; reaching here is a bug.
            throw new IllegalStateException("scheme '" + scheme.name() + "' matched no rule for r=" + r + ", f=" + f
                    + ", m=" + m);
        }
        return fallback;
    }

    /** The scores of raw metrics (a cached instance). */
    public RfmScore score(int recencyDays, int frequency, long monetaryMinorUnits) {
        return model.score(recencyDays, frequency, monetaryMinorUnits);
    }
}
