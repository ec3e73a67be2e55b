package io.recall.recommend;

import io.recall.ingest.OrderEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Offline evaluation of a {@link CoPurchaseModel} on a time split: hit rate at N and catalogue coverage,
 * side by side with a popularity baseline.
 *
 * <p>Definitions, for every customer who bought an item of the model's catalogue in the training period
 * and any item in the test period, with {@code B} the items they bought in training and {@code T} the
 * items they bought in the test period:
 * <ul>
 *   <li>a list of N items <em>hits</em> when one of its items is in {@code T} and is either not in
 *       {@code B} or {@linkplain CoPurchaseModel#isReplenishable replenishable}: a sale the
 *       recommendation could have prompted, re-purchases of replenishable items included;</li>
 *   <li>a <em>new-item hit</em> counts only items not in {@code B}: the like-for-like comparison;</li>
 *   <li>the hit rate is hits over customers; <em>coverage</em> is the share of the catalogue (the items
 *       the model was fitted on) that appears in at least one customer's list;</li>
 *   <li>the <em>popularity</em> baseline recommends the N items with the most buyers in training that the
 *       customer did not buy; the <em>popularity with replenishment</em> baseline may also offer bought
 *       replenishable items, as the model does.</li>
 * </ul>
 *
 * <p>Use {@link #timeSplit} as the sink of an import, or {@link #evaluate} on item sets you already hold.
 */
public final class Evaluation {

    private Evaluation() {
    }

    /**
     * The figures of one recommender.
     *
     * @param customers      customers evaluated
     * @param hits           customers whose list hit
     * @param newItemHits    customers whose list hit an item new to them
     * @param itemsListed    distinct items that appear in some list
     * @param catalogue      items in the catalogue
     */
    public record Figures(int customers, int hits, int newItemHits, int itemsListed, int catalogue) {

        /** Validates the counts. */
        public Figures {
            if (customers < 0 || hits < 0 || newItemHits < 0 || itemsListed < 0 || catalogue < 0
                    || hits > customers || newItemHits > hits || itemsListed > catalogue) {
                throw new IllegalArgumentException("inconsistent figures: customers " + customers + ", hits " + hits
                        + ", new-item hits " + newItemHits + ", items listed " + itemsListed + " of " + catalogue);
            }
        }

        /** Hits over customers; 0 without customers. */
        public double hitRate() {
            return customers == 0 ? 0 : (double) hits / customers;
        }

        /** New-item hits over customers; 0 without customers. */
        public double newItemHitRate() {
            return customers == 0 ? 0 : (double) newItemHits / customers;
        }

        /** Items listed over the catalogue; 0 for an empty catalogue. */
        public double coverage() {
            return catalogue == 0 ? 0 : (double) itemsListed / catalogue;
        }
    }

    /**
     * An evaluation's outcome.
     *
     * @param n                            the list length evaluated (hit rate at n)
     * @param recall                       the model's figures
     * @param popularity                   the popularity baseline's (never what the customer bought)
     * @param popularityWithReplenishment  popularity that, like the model, may offer bought replenishable items
     */
    public record Result(int n, Figures recall, Figures popularity, Figures popularityWithReplenishment) {

        /** Validates that nothing is missing. */
        public Result {
            Objects.requireNonNull(recall, "recall");
            Objects.requireNonNull(popularity, "popularity");
            Objects.requireNonNull(popularityWithReplenishment, "popularityWithReplenishment");
        }

        /** The model's hit rate over the popularity baseline's; infinite when the baseline never hits. */
        public double hitRateRatio() {
            return recall.hitRate() / popularity.hitRate();
        }

        /** A few lines for a log or a test report. */
        public String describe() {
            return String.format(java.util.Locale.ROOT,
                    "customers %d, catalogue %d items, hit rate @%d (new-item hit rate, coverage):%n"
                            + "  recall                         %.3f (%.3f, %.3f)%n"
                            + "  popularity                     %.3f (%.3f, %.3f)%n"
                            + "  popularity with replenishment  %.3f (%.3f, %.3f)%n"
                            + "  ratio recall / popularity      %.2f",
                    recall.customers(), recall.catalogue(), n,
                    recall.hitRate(), recall.newItemHitRate(), recall.coverage(),
                    popularity.hitRate(), popularity.newItemHitRate(), popularity.coverage(),
                    popularityWithReplenishment.hitRate(), popularityWithReplenishment.newItemHitRate(),
                    popularityWithReplenishment.coverage(), hitRateRatio());
        }
    }

    /**
     * Evaluates a model: for every customer in both maps, the model's list for their training items
     * against the items they bought in the test period. Customers are taken in id order.
     *
     * @param training items each customer bought in the training period
     * @param test     items each customer bought in the test period
     * @param n        the list length, at least 1
     */
    public static Result evaluate(CoPurchaseModel model, Map<String, ? extends Collection<String>> training,
                                  Map<String, ? extends Collection<String>> test, int n) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(test, "test");
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1 but was " + n);
        }
        int catalogue = model.items();
        boolean[] listedRecall = new boolean[catalogue];
        boolean[] listedPopular = new boolean[catalogue];
        boolean[] listedPopularR = new boolean[catalogue];
        List<String> ranking = model.mostPopular(catalogue);
        int customers = 0;
        int[] hits = new int[3];
        int[] newHits = new int[3];
        for (String customer : new TreeSet<>(training.keySet())) {
            Collection<String> tested = test.get(customer);
            Collection<String> trained = training.get(customer);
            if (tested == null || tested.isEmpty() || trained.stream().noneMatch(model::contains)) {
                continue;
            }
            customers++;
            Set<String> bought = new HashSet<>(trained);
            Set<String> later = new HashSet<>(tested);
            List<String> recommended = model.recommend(bought, n).stream().map(Recommendation::sku).toList();
            List<String> popular = new ArrayList<>(n);
            List<String> popularR = new ArrayList<>(n);
            for (String sku : ranking) {
                if (popular.size() == n && popularR.size() == n) {
                    break;
                }
                boolean has = bought.contains(sku);
                if (!has && popular.size() < n) {
                    popular.add(sku);
                }
                if ((!has || model.isReplenishable(sku)) && popularR.size() < n) {
                    popularR.add(sku);
                }
            }
            score(0, recommended, bought, later, model, listedRecall, hits, newHits);
            score(1, popular, bought, later, model, listedPopular, hits, newHits);
            score(2, popularR, bought, later, model, listedPopularR, hits, newHits);
        }
        return new Result(n,
                new Figures(customers, hits[0], newHits[0], count(listedRecall), catalogue),
                new Figures(customers, hits[1], newHits[1], count(listedPopular), catalogue),
                new Figures(customers, hits[2], newHits[2], count(listedPopularR), catalogue));
    }

    private static void score(int who, List<String> list, Set<String> bought, Set<String> later,
                              CoPurchaseModel model, boolean[] listed, int[] hits, int[] newHits) {
        boolean hit = false;
        boolean newHit = false;
        for (String sku : list) {
            listed[model.indexOf(sku).orElseThrow()] = true;
            if (later.contains(sku)) {
                boolean isNew = !bought.contains(sku);
                hit |= isNew || model.isReplenishable(sku);
                newHit |= isNew;
            }
        }
        hits[who] += hit ? 1 : 0;
        newHits[who] += newHit ? 1 : 0;
    }

    private static int count(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            c += f ? 1 : 0;
        }
        return c;
    }

    /**
     * A sink for an import that splits purchases in time: lines on or before {@code lastTrainingDay}
     * (a local date in {@code zone}) fit the model and are each customer's training items; later lines are
     * their test items. Items not matching the options' item pattern are left out of both.
     */
    public static TimeSplit timeSplit(LocalDate lastTrainingDay, ZoneId zone, RecommendOptions options) {
        return new TimeSplit(lastTrainingDay, zone, options);
    }

    /** Collects a time split from purchase events; see {@link #timeSplit}. Not thread-safe. */
    public static final class TimeSplit implements Consumer<OrderEvent> {
        private final Instant testStart;
        private final LocalDate lastTrainingDay;
        private final CoPurchaseFitter fitter;
        private final Pattern pattern;
        private final Map<String, Set<String>> training = new HashMap<>();
        private final Map<String, Set<String>> test = new HashMap<>();

        TimeSplit(LocalDate lastTrainingDay, ZoneId zone, RecommendOptions options) {
            this.lastTrainingDay = Objects.requireNonNull(lastTrainingDay, "lastTrainingDay");
            Objects.requireNonNull(zone, "zone");
            this.testStart = lastTrainingDay.plusDays(1).atStartOfDay(zone).toInstant();
            this.fitter = CoPurchaseModel.newFitter(options);
            this.pattern = options.compiledItemPattern().orElse(null);
        }

        /** Takes a purchase line (refunds are ignored). */
        @Override
        public void accept(OrderEvent event) {
            Objects.requireNonNull(event, "event");
            if (event instanceof OrderEvent.PurchaseLine p) {
                String sku = p.orderLine().sku();
                if (pattern != null && !pattern.matcher(sku).matches()) {
                    return;
                }
                if (p.at().isBefore(testStart)) {
                    fitter.add(p.customerId(), p.orderId(), sku);
                    training.computeIfAbsent(p.customerId(), c -> new HashSet<>()).add(sku);
                } else {
                    test.computeIfAbsent(p.customerId(), c -> new HashSet<>()).add(sku);
                }
            }
        }

        /** The last day of the training period. */
        public LocalDate lastTrainingDay() {
            return lastTrainingDay;
        }

        /** Items bought per customer in the training period (unmodifiable view). */
        public Map<String, Set<String>> training() {
            return java.util.Collections.unmodifiableMap(training);
        }

        /** Items bought per customer in the test period (unmodifiable view). */
        public Map<String, Set<String>> test() {
            return java.util.Collections.unmodifiableMap(test);
        }

        /**
         * Fits the model on the training period.
         *
         * @throws IllegalStateException if the training period holds no purchase
         */
        public CoPurchaseModel fit() {
            return fitter.fit();
        }

        /**
         * Fits a model on the training period with other options (the same item pattern), to compare.
         *
         * @throws IllegalArgumentException if {@code options} has another item pattern
         */
        public CoPurchaseModel fit(RecommendOptions options) {
            return fitter.fit(options);
        }

        /** Fits the model and evaluates it at {@code n}. */
        public Result evaluate(int n) {
            return Evaluation.evaluate(fit(), training, test, n);
        }
    }
}
