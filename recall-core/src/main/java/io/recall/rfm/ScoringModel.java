package io.recall.rfm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.internal.JsonInput;
import io.recall.model.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns RFM metrics into scores: an immutable, fitted (or given) set of thresholds.
 *
 * <p>A model has {@code levels} score levels and, per dimension, {@code levels - 1} non-decreasing
 * thresholds that are <em>upper bounds</em>: for frequency and monetary, a value at or below threshold
 * {@code i} (0-based) scores at most {@code i + 1}; for recency the scale is reversed, so the fewest days
 * score {@code levels}. Equal values always score the same.
 *
 * <p>Fit it from a population with {@link #fit}, give it with {@link #given}, and store it with
 * {@link #toJson()}: {@link #fromJson(String)} gives back an equal model. Scoring is a pure function,
 * thread-safe, and does not allocate.
 */
public final class ScoringModel {

    /** The JSON {@code type} of a serialised model. */
    public static final String JSON_TYPE = "recall.rfm-scoring-model";
    private static final int JSON_VERSION = 1;
    /** The fewest score levels a model may have. */
    public static final int MIN_LEVELS = 2;
    /** The most score levels a model may have. */
    public static final int MAX_LEVELS = 9;

    private final int levels;
    private final Binning binning;
    private final Currency currency;
    private final ZoneId zone;
    private final FrequencyBasis frequencyBasis;
    private final MonetaryBasis monetaryBasis;
    private final Optional<LocalDate> asOf;
    private final int population;
    private final int[] recencyCuts;
    private final int[] frequencyCuts;
    private final long[] monetaryCuts;
    private final RfmScore[] scores;
    // Hot-path tables: the cell-index offset of every recency day and frequency up to the last threshold,
    // so scoring is two array loads and a few comparisons instead of three loops.
    private final int[] recencyOffset;
    private final int[] frequencyOffset;
    private static final int TABLE_LIMIT = 1 << 16;
    private static final long CLAMP = 1L << 61;

    private ScoringModel(int levels, Binning binning, Currency currency, ZoneId zone, FrequencyBasis frequencyBasis,
                         MonetaryBasis monetaryBasis, Optional<LocalDate> asOf, int population,
                         int[] recencyCuts, int[] frequencyCuts, long[] monetaryCuts) {
        if (levels < MIN_LEVELS || levels > MAX_LEVELS) {
            throw new IllegalArgumentException("levels must be " + MIN_LEVELS + ".." + MAX_LEVELS + " but was " + levels);
        }
        if (binning == Binning.MEAN && levels != 2) {
            throw new IllegalArgumentException("mean binning splits into 2 levels, not " + levels);
        }
        this.levels = levels;
        this.binning = Objects.requireNonNull(binning, "binning");
        this.currency = Objects.requireNonNull(currency, "currency");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.frequencyBasis = Objects.requireNonNull(frequencyBasis, "frequencyBasis");
        this.monetaryBasis = Objects.requireNonNull(monetaryBasis, "monetaryBasis");
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.population = population;
        this.recencyCuts = checkCuts("recency", recencyCuts.clone(), levels, 0);
        this.frequencyCuts = checkCuts("frequency", frequencyCuts.clone(), levels, 1);
        this.monetaryCuts = checkCuts("monetary", monetaryCuts.clone(), levels);
        for (long cut : this.monetaryCuts) {
            if (cut <= -CLAMP || cut >= CLAMP) {
                throw new IllegalArgumentException("monetary threshold " + cut + " minor units is out of range ±2^61");
            }
        }
        // Tables reach past the last threshold (3 years of days, 512 purchases) so typical values never
        // take the out-of-table branch, which random customers would otherwise mispredict.
        this.recencyOffset = new int[(int) Math.min(TABLE_LIMIT, Math.max(1096L, (long) this.recencyCuts[levels - 2] + 1))];
        for (int d = 0; d < recencyOffset.length; d++) {
            recencyOffset[d] = (recencyScore(d) - 1) * levels * levels;
        }
        this.frequencyOffset = new int[(int) Math.min(TABLE_LIMIT, Math.max(512L, (long) this.frequencyCuts[levels - 2] + 1))];
        for (int f = 0; f < frequencyOffset.length; f++) {
            frequencyOffset[f] = (frequencyScore(f) - 1) * levels;
        }
        this.scores = new RfmScore[levels * levels * levels];
        for (int r = 1; r <= levels; r++) {
            for (int f = 1; f <= levels; f++) {
                for (int m = 1; m <= levels; m++) {
                    scores[cell(r, f, m)] = new RfmScore(r, f, m);
                }
            }
        }
    }

    private static int[] checkCuts(String what, int[] cuts, int levels, int min) {
        long[] asLong = Arrays.stream(cuts).asLongStream().toArray();
        checkCuts(what, asLong, levels);
        if (cuts.length > 0 && cuts[0] < min) {
            throw new IllegalArgumentException(what + " thresholds must be >= " + min + " but start at " + cuts[0]);
        }
        return cuts;
    }

    private static long[] checkCuts(String what, long[] cuts, int levels) {
        if (cuts.length != levels - 1) {
            throw new IllegalArgumentException(what + " needs " + (levels - 1) + " thresholds for " + levels
                    + " levels but has " + cuts.length);
        }
        for (int i = 1; i < cuts.length; i++) {
            if (cuts[i] < cuts[i - 1]) {
                throw new IllegalArgumentException(what + " thresholds must not decrease but " + cuts[i - 1]
                        + " is followed by " + cuts[i]);
            }
        }
        return cuts;
    }

    // ---------------------------------------------------------------- fitting

    /**
     * Fits thresholds from a population of metrics computed with {@code options} as of {@code asOf}.
     *
     * @param binning {@link Binning#QUANTILE} or {@link Binning#MEAN} (two levels)
     * @throws IllegalArgumentException when the population is empty or in another currency
     */
    public static ScoringModel fit(Collection<RfmMetrics> population, int levels, Binning binning,
                                   RfmOptions options, LocalDate asOf) {
        Objects.requireNonNull(population, "population");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(asOf, "asOf");
        if (population.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a scoring model on an empty population");
        }
        if (binning == Binning.GIVEN) {
            throw new IllegalArgumentException("GIVEN thresholds are not fitted; use ScoringModel.given");
        }
        int n = population.size();
        int[] recency = new int[n];
        int[] frequency = new int[n];
        long[] monetary = new long[n];
        int i = 0;
        for (RfmMetrics metrics : population) {
            if (!metrics.monetary().currency().equals(options.currency())) {
                throw new io.recall.model.CurrencyMismatchException(options.currency(), metrics.monetary().currency());
            }
            recency[i] = metrics.recencyDays();
            frequency[i] = metrics.frequency();
            monetary[i] = metrics.monetaryMinorUnits();
            i++;
        }
        return fitOwned(recency, frequency, monetary, levels, binning, options, asOf);
    }

    /**
     * Fits from parallel arrays (monetary in minor units); the arrays are not changed. For callers that
     * hold a population in columns (a batch job, a distributed engine's collected summary).
     */
    public static ScoringModel fit(int[] recencyDays, int[] frequency, long[] monetaryMinorUnits, int levels,
                                   Binning binning, RfmOptions options, LocalDate asOf) {
        return fitOwned(recencyDays.clone(), frequency.clone(), monetaryMinorUnits.clone(), levels, binning, options,
                asOf);
    }

    /** {@link #fit(int[], int[], long[], int, Binning, RfmOptions, LocalDate)} on arrays it may sort in place. */
    static ScoringModel fitOwned(int[] r, int[] f, long[] m, int levels, Binning binning, RfmOptions options,
                                 LocalDate asOf) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(binning, "binning");
        if (levels < MIN_LEVELS || levels > MAX_LEVELS) {
            throw new IllegalArgumentException("levels must be " + MIN_LEVELS + ".." + MAX_LEVELS + " but was " + levels);
        }
        int n = r.length;
        if (n == 0 || f.length != n || m.length != n) {
            throw new IllegalArgumentException("need equally long, non-empty columns but got " + n + ", "
                    + f.length + ", " + m.length);
        }
        for (int i = 0; i < n; i++) {
            if (r[i] < 0 || f[i] < 1) {
                throw new IllegalArgumentException("customer " + i + " of the population has recency " + r[i]
                        + " days and frequency " + f[i] + "; need recency >= 0 and frequency >= 1");
            }
        }
        int[] rCuts = new int[levels - 1];
        int[] fCuts = new int[levels - 1];
        long[] mCuts = new long[levels - 1];
        if (binning == Binning.MEAN) {
            if (levels != 2) {
                throw new IllegalArgumentException("mean binning splits into 2 levels, not " + levels);
            }
            // "High" means strictly beyond the mean. Integer values v > mean iff v > floor(mean);
            // recent means days < mean iff days <= ceil(mean) - 1.
            rCuts[0] = (int) (ceilDiv(sum(r), n) - 1);
            fCuts[0] = (int) Math.floorDiv(sum(f), n);
            mCuts[0] = Math.floorDiv(sum(m), n);
        } else if (binning == Binning.QUANTILE) {
            Arrays.sort(r);
            Arrays.sort(f);
            Arrays.sort(m);
            for (int i = 1; i < levels; i++) {
                int rank = (int) ceilDiv((long) i * n, levels) - 1;
                rCuts[i - 1] = r[rank];
                fCuts[i - 1] = f[rank];
                mCuts[i - 1] = m[rank];
            }
        } else {
            throw new IllegalArgumentException("GIVEN thresholds are not fitted; use ScoringModel.given");
        }
        rCuts[0] = Math.max(rCuts[0], 0);
        return new ScoringModel(levels, binning, options.currency(), options.zone(), options.frequencyBasis(),
                options.monetaryBasis(), Optional.of(asOf), n, rCuts, fCuts, mCuts);
    }

    private static long sum(int[] values) {
        long s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s = Math.addExact(s, v);
        }
        return s;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * A model with thresholds chosen by the caller.
     *
     * @param recencyDays upper bounds in days, e.g. {@code [30, 90, 180, 365]}: 0..30 days scores 5
     * @param frequency   upper bounds in occasions, e.g. {@code [1, 2, 4, 8]}: one purchase scores 1
     * @param monetary    upper bounds in the options' currency, with at most its minor-unit decimals
     */
    public static ScoringModel given(RfmOptions options, List<Integer> recencyDays, List<Integer> frequency,
                                     List<Money> monetary) {
        int levels = recencyDays.size() + 1;
        long[] m = new long[monetary.size()];
        for (int i = 0; i < m.length; i++) {
            Money money = monetary.get(i);
            if (!money.currency().equals(options.currency())) {
                throw new io.recall.model.CurrencyMismatchException(options.currency(), money.currency());
            }
            m[i] = exactMinorUnits(money);
        }
        return new ScoringModel(levels, Binning.GIVEN, options.currency(), options.zone(), options.frequencyBasis(),
                options.monetaryBasis(), Optional.empty(), 0,
                recencyDays.stream().mapToInt(Integer::intValue).toArray(),
                frequency.stream().mapToInt(Integer::intValue).toArray(), m);
    }

    private static long exactMinorUnits(Money money) {
        try {
            return money.toMinorUnits(RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("threshold " + money + " has more decimals than "
                    + money.currency().getCurrencyCode() + " allows", e);
        }
    }

    // ---------------------------------------------------------------- scoring (hot path: no allocation)

    /** The R score of a customer whose last purchase was {@code days} ago. */
    public int recencyScore(int days) {
        int score = levels;
        for (int cut : recencyCuts) {
            if (days > cut) {
                score--;
            }
        }
        return score;
    }

    /** The F score of a customer with {@code occasions} purchase occasions. */
    public int frequencyScore(int occasions) {
        int score = 1;
        for (int cut : frequencyCuts) {
            if (occasions > cut) {
                score++;
            }
        }
        return score;
    }

    /** The M score of a monetary value given in minor units. */
    public int monetaryScore(long minorUnits) {
        int score = 1;
        for (long cut : monetaryCuts) {
            if (minorUnits > cut) {
                score++;
            }
        }
        return score;
    }

    /** The scores of raw metrics; a cached instance, so no allocation. */
    public RfmScore score(int recencyDays, int frequency, long monetaryMinorUnits) {
        return scores[cellIndex(recencyDays, frequency, monetaryMinorUnits)];
    }

    /**
     * The score cell of raw metrics, numbered as {@link #cell(int, int, int)}: the hot path of
     * classification. Allocation-free.
     *
     * @throws IllegalArgumentException when recency is negative or frequency below 1
     */
    public int cellIndex(int recencyDays, int frequency, long monetaryMinorUnits) {
        if (recencyDays < 0 || frequency < 1) {
            throw new IllegalArgumentException("need recencyDays >= 0 and frequency >= 1 but got " + recencyDays
                    + " and " + frequency);
        }
        int[] r = recencyOffset;
        int[] f = frequencyOffset;
        // Beyond the last threshold recency scores 1 (offset 0) and frequency scores `levels`.
        int index = recencyDays < r.length ? r[recencyDays]
                : recencyDays > recencyCuts[recencyCuts.length - 1] ? 0 : (recencyScore(recencyDays) - 1) * levels * levels;
        index += frequency < f.length ? f[frequency]
                : frequency > frequencyCuts[frequencyCuts.length - 1] ? (levels - 1) * levels
                : (frequencyScore(frequency) - 1) * levels;
        // Branch-free: (cut - v) >>> 63 is 1 exactly when v > cut; clamping keeps the difference in range.
        long v = Math.max(-CLAMP, Math.min(CLAMP, monetaryMinorUnits));
        for (long cut : monetaryCuts) {
            index += (int) ((cut - v) >>> 63);
        }
        return index;
    }

    /** The scores of a customer's metrics. */
    public RfmScore score(RfmMetrics metrics) {
        requireCurrency(metrics.monetary());
        return score(metrics.recencyDays(), metrics.frequency(), metrics.monetaryMinorUnits());
    }

    void requireCurrency(Money money) {
        if (!money.currency().equals(currency)) {
            throw new io.recall.model.CurrencyMismatchException(currency, money.currency());
        }
    }

    /** The index of a score cell in a levels³ table: {@code ((r-1)·levels + (f-1))·levels + (m-1)}. */
    public int cell(int r, int f, int m) {
        return ((r - 1) * levels + (f - 1)) * levels + (m - 1);
    }

    // ---------------------------------------------------------------- accessors

    /** How many score levels each dimension has. */
    public int levels() {
        return levels;
    }

    /** How the thresholds were chosen. */
    public Binning binning() {
        return binning;
    }

    /** The currency of the monetary thresholds. */
    public Currency currency() {
        return currency;
    }

    /** The options that metrics scored by this model must be computed with (converter: none). */
    public RfmOptions options() {
        return new RfmOptions(currency, zone, frequencyBasis, monetaryBasis, CurrencyConverter.NONE);
    }

    /** The as-of date the model was fitted at; empty for given thresholds. */
    public Optional<LocalDate> asOf() {
        return asOf;
    }

    /** How many customers the model was fitted on; 0 for given thresholds. */
    public int population() {
        return population;
    }

    /** The recency thresholds in days, ascending; days at or below threshold i score at least levels - i. */
    public List<Integer> recencyThresholds() {
        return Arrays.stream(recencyCuts).boxed().toList();
    }

    /** The frequency thresholds, ascending; occasions at or below threshold i score at most i + 1. */
    public List<Integer> frequencyThresholds() {
        return Arrays.stream(frequencyCuts).boxed().toList();
    }

    /** The monetary thresholds in the model's currency, ascending; like frequency. */
    public List<Money> monetaryThresholds() {
        return Arrays.stream(monetaryCuts).mapToObj(c -> Money.ofMinor(c, currency)).toList();
    }

    // ---------------------------------------------------------------- JSON

    /** The model as JSON; {@link #fromJson} reads it back into an equal model. */
    public String toJson() {
        ObjectNode root = JsonInput.MAPPER.createObjectNode();
        root.put("type", JSON_TYPE);
        root.put("version", JSON_VERSION);
        root.put("levels", levels);
        root.put("binning", binning.name().toLowerCase(Locale.ROOT));
        root.put("currency", currency.getCurrencyCode());
        root.put("zone", zone.getId());
        root.put("frequencyBasis", frequencyBasis.name().toLowerCase(Locale.ROOT));
        root.put("monetaryBasis", monetaryBasis.name().toLowerCase(Locale.ROOT));
        asOf.ifPresent(d -> root.put("asOf", d.toString()));
        root.put("population", population);
        ArrayNode r = root.putArray("recencyDays");
        Arrays.stream(recencyCuts).forEach(r::add);
        ArrayNode f = root.putArray("frequency");
        Arrays.stream(frequencyCuts).forEach(f::add);
        ArrayNode m = root.putArray("monetary");
        for (long cut : monetaryCuts) {
            m.add(BigDecimal.valueOf(cut, currency.getDefaultFractionDigits()).toPlainString());
        }
        try {
            return JsonInput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of plain values always serialises", e);
        }
    }

    private static final Set<String> FIELDS = Set.of("type", "version", "levels", "binning", "currency", "zone",
            "frequencyBasis", "monetaryBasis", "asOf", "population", "recencyDays", "frequency", "monetary");

    /**
     * Reads a model written by {@link #toJson()} (or by hand).
     *
     * @throws io.recall.config.ConfigException with the JSON path of every problem
     */
    public static ScoringModel fromJson(String json) {
        JsonInput in = new JsonInput("scoring model");
        JsonNode root = in.document(json, JSON_TYPE, JSON_VERSION, FIELDS);
        int levels = (int) in.requiredLong(root, "levels", "$", MIN_LEVELS, MAX_LEVELS).orElse(-1);
        Binning binning = enumValue(in, root, "binning", Binning.class).orElse(null);
        Currency currency = in.currency(root, "currency", "$", true).orElse(null);
        ZoneId zone = in.requiredText(root, "zone", "$").flatMap(id -> {
            try {
                return Optional.of(ZoneId.of(id));
            } catch (DateTimeException e) {
                in.problem("$.zone", "a time-zone id such as Europe/London", "\"" + id + "\"");
                return Optional.empty();
            }
        }).orElse(null);
        FrequencyBasis fb = enumValue(in, root, "frequencyBasis", FrequencyBasis.class).orElse(null);
        MonetaryBasis mb = enumValue(in, root, "monetaryBasis", MonetaryBasis.class).orElse(null);
        Optional<LocalDate> asOf = in.optionalText(root, "asOf", "$").flatMap(text -> {
            try {
                return Optional.of(LocalDate.parse(text));
            } catch (DateTimeException e) {
                in.problem("$.asOf", "a date YYYY-MM-DD", "\"" + text + "\"");
                return Optional.empty();
            }
        });
        int population = (int) in.requiredLong(root, "population", "$", 0, Integer.MAX_VALUE).orElse(0);
        long[] r = cuts(in, root, "recencyDays", levels, 0, Integer.MAX_VALUE);
        long[] f = cuts(in, root, "frequency", levels, 1, Integer.MAX_VALUE);
        long[] m = new long[0];
        Optional<JsonNode> mNode = in.requiredArray(root, "monetary", "$");
        if (mNode.isPresent() && currency != null) {
            List<Long> values = new ArrayList<>();
            for (int i = 0; i < mNode.get().size(); i++) {
                String path = "$.monetary[" + i + "]";
                in.decimal(mNode.get().get(i), path).ifPresent(d -> {
                    try {
                        values.add(d.setScale(currency.getDefaultFractionDigits(), RoundingMode.UNNECESSARY)
                                .unscaledValue().longValueExact());
                    } catch (ArithmeticException e) {
                        in.problem(path, "an amount with at most " + currency.getDefaultFractionDigits()
                                + " decimals", d.toPlainString());
                    }
                });
            }
            m = values.stream().mapToLong(Long::longValue).toArray();
            checkLength(in, "$.monetary", mNode.get().size(), levels);
            checkOrder(in, "$.monetary", m);
        }
        in.throwIfProblems();
        try {
            return new ScoringModel(levels, binning, currency, zone, fb, mb, asOf, population,
                    Arrays.stream(r).mapToInt(Math::toIntExact).toArray(),
                    Arrays.stream(f).mapToInt(Math::toIntExact).toArray(), m);
        } catch (IllegalArgumentException e) {
            in.problem("$", "a consistent model", e.getMessage());
            in.throwIfProblems();
            throw e;
        }
    }

    private static <E extends Enum<E>> Optional<E> enumValue(JsonInput in, JsonNode root, String name, Class<E> type) {
        return in.requiredText(root, name, "$").flatMap(text -> {
            try {
                return Optional.of(Enum.valueOf(type, text.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                in.problem("$." + name, "one of " + Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList(), "\"" + text + "\"");
                return Optional.empty();
            }
        });
    }

    private static long[] cuts(JsonInput in, JsonNode root, String name, int levels, long min, long max) {
        Optional<JsonNode> node = in.requiredArray(root, name, "$");
        if (node.isEmpty()) {
            return new long[0];
        }
        long[] values = new long[node.get().size()];
        for (int i = 0; i < values.length; i++) {
            OptionalLong v = in.wholeNumber(node.get().get(i), "$." + name + "[" + i + "]", min, max);
            values[i] = v.orElse(min);
        }
        checkLength(in, "$." + name, values.length, levels);
        checkOrder(in, "$." + name, values);
        return values;
    }

    private static void checkLength(JsonInput in, String path, int length, int levels) {
        if (levels > 0 && length != levels - 1) {
            in.problem(path, (levels - 1) + " thresholds for " + levels + " levels", length + " thresholds");
        }
    }

    private static void checkOrder(JsonInput in, String path, long[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[i - 1]) {
                in.problem(path + "[" + i + "]", "a value >= " + values[i - 1] + " (thresholds must not decrease)",
                        String.valueOf(values[i]));
            }
        }
    }

    // ---------------------------------------------------------------- value semantics

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoringModel other
                && levels == other.levels && binning == other.binning && currency.equals(other.currency)
                && zone.equals(other.zone) && frequencyBasis == other.frequencyBasis
                && monetaryBasis == other.monetaryBasis && asOf.equals(other.asOf) && population == other.population
                && Arrays.equals(recencyCuts, other.recencyCuts) && Arrays.equals(frequencyCuts, other.frequencyCuts)
                && Arrays.equals(monetaryCuts, other.monetaryCuts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(levels, binning, currency, zone, frequencyBasis, monetaryBasis, asOf, population,
                Arrays.hashCode(recencyCuts), Arrays.hashCode(frequencyCuts), Arrays.hashCode(monetaryCuts));
    }

    @Override
    public String toString() {
        return "ScoringModel[levels=" + levels + ", binning=" + binning + ", currency=" + currency
                + ", recencyDays=" + Arrays.toString(recencyCuts) + ", frequency=" + Arrays.toString(frequencyCuts)
                + ", monetary=" + monetaryThresholds() + "]";
    }
}
