package io.recall.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.ingest.OrderEvent;
import io.recall.internal.JsonInput;
import io.recall.model.CurrencyMismatchException;
import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Category affinity: how a customer's spend splits over categories, against the population's split.
 *
 * <p>A customer's {@linkplain Affinity#share() share} of a category is their spend in it over their
 * spend in all categories; the population's share is the same over every customer the model was fitted
 * on; the {@linkplain Affinity#index() index} is the first over the second (1: like everyone, 2: twice
 * as keen). Spend is the exact sum of purchase line amounts; refunds are not netted.
 *
 * <p>A line's category is its own ({@link OrderLine#category()}) when the source gives one, else the
 * caller's SKU-to-category map's, else the line is uncategorised and left out of every share (its spend is
 * reported as {@link #uncategorised()}). Online Retail has no categories, so a caller supplies the map.
 *
 * <p>An immutable, fitted value that round-trips through JSON; {@link #affinities} is a pure function,
 * thread-safe.
 */
public final class CategoryAffinity {

    /** The JSON {@code type} of a serialised model. */
    public static final String JSON_TYPE = "recall.category-affinity";
    private static final int JSON_VERSION = 1;

    private final Currency currency;
    private final Map<String, String> skuCategories;
    private final Map<String, Money> spend;
    private final Money total;
    private final Money uncategorised;
    private final int customers;

    private CategoryAffinity(Currency currency, Map<String, String> skuCategories, Map<String, Money> spend,
                             Money uncategorised, int customers) {
        this.currency = Objects.requireNonNull(currency, "currency");
        this.skuCategories = Collections.unmodifiableMap(new TreeMap<>(skuCategories));
        TreeMap<String, Money> sorted = new TreeMap<>();
        Money sum = Money.zero(currency);
        for (Map.Entry<String, Money> e : spend.entrySet()) {
            Money m = e.getValue();
            requireCurrency(currency, m);
            if (m.isNegative() || m.isZero()) {
                throw new IllegalArgumentException("spend in category " + e.getKey() + " must be positive but was " + m);
            }
            sorted.put(e.getKey(), m);
            sum = sum.plus(m);
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("a category affinity model needs spend in at least one category");
        }
        requireCurrency(currency, uncategorised);
        if (uncategorised.isNegative()) {
            throw new IllegalArgumentException("uncategorised spend must not be negative but was " + uncategorised);
        }
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be at least 1 but was " + customers);
        }
        this.spend = Collections.unmodifiableMap(sorted);
        this.total = sum;
        this.uncategorised = uncategorised;
        this.customers = customers;
    }

    private static void requireCurrency(Currency currency, Money money) {
        if (!money.currency().equals(currency)) {
            throw new CurrencyMismatchException(currency, money.currency());
        }
    }

    // ---------------------------------------------------------------- fitting

    /**
     * A fitter for spend in {@code currency}, categorising lines without a category of their own by
     * {@code skuCategories} (which may be empty).
     */
    public static Fitter newFitter(Currency currency, Map<String, String> skuCategories) {
        return new Fitter(currency, skuCategories);
    }

    /** Fits from customer histories (their orders). */
    public static CategoryAffinity fit(Collection<CustomerHistory> histories, Currency currency,
                                       Map<String, String> skuCategories) {
        Objects.requireNonNull(histories, "histories");
        Fitter fitter = newFitter(currency, skuCategories);
        histories.forEach(fitter::add);
        return fitter.fit();
    }

    /** Collects the population's spend per category. Not thread-safe. */
    public static final class Fitter implements Consumer<OrderEvent> {
        private final Currency currency;
        private final Map<String, String> skuCategories;
        private final Map<String, BigDecimal> spend = new HashMap<>();
        private final Set<String> customers = new HashSet<>();
        private BigDecimal uncategorised = BigDecimal.ZERO;

        private Fitter(Currency currency, Map<String, String> skuCategories) {
            this.currency = Objects.requireNonNull(currency, "currency");
            this.skuCategories = Map.copyOf(checkMap(skuCategories));
        }

        /** Adds a purchase line; refunds are ignored. */
        @Override
        public void accept(OrderEvent event) {
            Objects.requireNonNull(event, "event");
            if (event instanceof OrderEvent.PurchaseLine p) {
                add(p.customerId(), p.orderLine());
            }
        }

        /**
         * Adds one purchase line of a customer.
         *
         * @throws CurrencyMismatchException if the line is in another currency
         */
        public Fitter add(String customerId, OrderLine line) {
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(line, "line");
            if (customerId.isBlank()) {
                throw new IllegalArgumentException("customer id of a line of " + line.sku() + " is blank");
            }
            requireCurrency(currency, line.amount());
            Optional<String> category = categoryOf(line, skuCategories);
            if (category.isPresent()) {
                spend.merge(category.get(), line.amount().amount(), BigDecimal::add);
                customers.add(customerId);
            } else {
                uncategorised = uncategorised.add(line.amount().amount());
            }
            return this;
        }

        /** Adds every line of every order of a history. */
        public Fitter add(CustomerHistory history) {
            Objects.requireNonNull(history, "history");
            for (Order order : history.orders()) {
                for (OrderLine line : order.lines()) {
                    add(history.customerId(), line);
                }
            }
            return this;
        }

        /**
         * The fitted model.
         *
         * @throws IllegalStateException if no line with a category and a positive amount was added
         */
        public CategoryAffinity fit() {
            Map<String, Money> positive = new HashMap<>();
            spend.forEach((category, amount) -> {
                if (amount.signum() > 0) {
                    positive.put(category, Money.of(amount, currency));
                }
            });
            if (positive.isEmpty()) {
                throw new IllegalStateException("cannot fit category affinity: no spend in any category ("
                        + "uncategorised spend " + Money.of(uncategorised, currency) + "); give lines a category or "
                        + "pass a sku-to-category map");
            }
            return new CategoryAffinity(currency, skuCategories, positive, Money.of(uncategorised, currency),
                    customers.size());
        }
    }

    private static Map<String, String> checkMap(Map<String, String> map) {
        Objects.requireNonNull(map, "skuCategories");
        map.forEach((sku, category) -> {
            Objects.requireNonNull(sku, "skuCategories has a null sku");
            Objects.requireNonNull(category, "skuCategories has a null category for " + sku);
            if (sku.isBlank() || category.isBlank()) {
                throw new IllegalArgumentException("skuCategories maps '" + sku + "' to '" + category
                        + "'; neither may be blank");
            }
        });
        return map;
    }

    private static Optional<String> categoryOf(OrderLine line, Map<String, String> skuCategories) {
        return line.category().isPresent() ? line.category() : Optional.ofNullable(skuCategories.get(line.sku()));
    }

    // ---------------------------------------------------------------- scoring

    /**
     * A customer's affinity to one category.
     *
     * @param category        the category
     * @param spend           the customer's spend in it
     * @param share           their spend in it over their categorised spend, in (0, 1]
     * @param populationShare the population's share, in (0, 1]
     * @param index           {@code share / populationShare}: above 1, keener than the population
     */
    public record Affinity(String category, Money spend, double share, double populationShare, double index) {
        /** Validates that nothing is missing. */
        public Affinity {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(spend, "spend");
        }
    }

    /** The category of a line under this model: its own, else the model's map's. */
    public Optional<String> categoryOf(OrderLine line) {
        return categoryOf(Objects.requireNonNull(line, "line"), skuCategories);
    }

    /**
     * The customer's affinities for the categories they spent in that the model knows, highest index first
     * (ties: more spend, then by category). Empty when they spent nothing in a known category.
     */
    public List<Affinity> affinities(CustomerHistory history) {
        Objects.requireNonNull(history, "history");
        Map<String, Money> byCategory = new HashMap<>();
        for (Order order : history.orders()) {
            for (OrderLine line : order.lines()) {
                categoryOf(line).ifPresent(c -> byCategory.merge(c, line.amount(), Money::plus));
            }
        }
        return affinities(byCategory);
    }

    /**
     * Affinities from a customer's spend per category, as {@link #affinities(CustomerHistory)}; categories
     * the model does not know and zero amounts are ignored.
     *
     * @throws CurrencyMismatchException if an amount is in another currency
     * @throws IllegalArgumentException  if an amount is negative
     */
    public List<Affinity> affinities(Map<String, Money> spendByCategory) {
        Objects.requireNonNull(spendByCategory, "spendByCategory");
        BigDecimal customerTotal = BigDecimal.ZERO;
        List<Map.Entry<String, Money>> known = new ArrayList<>();
        for (Map.Entry<String, Money> e : spendByCategory.entrySet()) {
            Money m = Objects.requireNonNull(e.getValue(), "spend of " + e.getKey());
            requireCurrency(currency, m);
            if (m.isNegative()) {
                throw new IllegalArgumentException("spend in " + e.getKey() + " must not be negative but was " + m);
            }
            if (!m.isZero() && spend.containsKey(e.getKey())) {
                known.add(e);
                customerTotal = customerTotal.add(m.amount());
            }
        }
        List<Affinity> result = new ArrayList<>(known.size());
        for (Map.Entry<String, Money> e : known) {
            double share = ratio(e.getValue().amount(), customerTotal);
            double population = populationShare(e.getKey());
            result.add(new Affinity(e.getKey(), e.getValue(), share, population, share / population));
        }
        result.sort((a, b) -> {
            int c = Double.compare(b.index(), a.index());
            if (c == 0) {
                c = b.spend().compareTo(a.spend());
            }
            return c != 0 ? c : a.category().compareTo(b.category());
        });
        return List.copyOf(result);
    }

    private static double ratio(BigDecimal part, BigDecimal whole) {
        return part.divide(whole, MathContext.DECIMAL64).doubleValue();
    }

    // ---------------------------------------------------------------- accessors

    /** The population's share of spend in {@code category}; 0 for an unknown category. */
    public double populationShare(String category) {
        Money m = spend.get(Objects.requireNonNull(category, "category"));
        return m == null ? 0 : ratio(m.amount(), total.amount());
    }

    /** The population's spend in {@code category}, when the model knows it. */
    public Optional<Money> populationSpend(String category) {
        return Optional.ofNullable(spend.get(Objects.requireNonNull(category, "category")));
    }

    /** The categories with spend, sorted. */
    public List<String> categories() {
        return List.copyOf(spend.keySet());
    }

    /** The SKU-to-category map the model was fitted with, sorted by SKU. */
    public Map<String, String> skuCategories() {
        return skuCategories;
    }

    /** The population's spend in all categories. */
    public Money total() {
        return total;
    }

    /** The population's spend on lines without a category; not part of any share. */
    public Money uncategorised() {
        return uncategorised;
    }

    /** The currency of every amount. */
    public Currency currency() {
        return currency;
    }

    /** How many customers spent in some category. */
    public int customers() {
        return customers;
    }

    // ---------------------------------------------------------------- JSON

    /** The model as JSON; {@link #fromJson} reads it back into an equal model. */
    public String toJson() {
        ObjectNode root = JsonInput.MAPPER.createObjectNode();
        root.put("type", JSON_TYPE);
        root.put("version", JSON_VERSION);
        root.put("currency", currency.getCurrencyCode());
        root.put("customers", customers);
        root.put("uncategorised", uncategorised.amount().toPlainString());
        ArrayNode categories = root.putArray("categories");
        spend.forEach((category, amount) -> categories.addObject().put("category", category)
                .put("spend", amount.amount().toPlainString()));
        ObjectNode map = root.putObject("skuCategories");
        skuCategories.forEach(map::put);
        try {
            return JsonInput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of plain values always serialises", e);
        }
    }

    private static final Set<String> FIELDS = Set.of("type", "version", "currency", "customers", "uncategorised",
            "categories", "skuCategories");

    /**
     * Reads a model written by {@link #toJson()}.
     *
     * @throws io.recall.config.ConfigException with the JSON path of every problem
     */
    public static CategoryAffinity fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonInput in = new JsonInput("category affinity model");
        JsonNode root = in.document(json, JSON_TYPE, JSON_VERSION, FIELDS);
        Currency currency = in.currency(root, "currency", "$", true).orElse(null);
        int customers = (int) in.requiredLong(root, "customers", "$", 1, Integer.MAX_VALUE).orElse(1);
        Optional<BigDecimal> uncategorised = amount(in, root.get("uncategorised"), "$.uncategorised", true);
        Map<String, BigDecimal> spend = new HashMap<>();
        in.requiredArray(root, "categories", "$").ifPresent(array -> {
            if (array.isEmpty()) {
                in.problem("$.categories", "at least one category", "an empty array");
            }
            for (int i = 0; i < array.size(); i++) {
                String path = "$.categories[" + i + "]";
                JsonNode node = array.get(i);
                if (!in.object(node, path)) {
                    continue;
                }
                in.onlyKnown(node, path, Set.of("category", "spend"));
                Optional<String> category = in.requiredText(node, "category", path);
                Optional<BigDecimal> amount = amount(in, node.get("spend"), path + ".spend", false);
                if (category.isPresent() && amount.isPresent() && spend.put(category.get(), amount.get()) != null) {
                    in.problem(path + ".category", "each category once", "\"" + category.get() + "\" again");
                }
            }
        });
        Map<String, String> map = new HashMap<>();
        JsonNode mapNode = root.get("skuCategories");
        if (mapNode == null || !mapNode.isObject()) {
            in.problem("$.skuCategories", "an object mapping sku to category", JsonInput.describe(mapNode));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = mapNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().isBlank()) {
                    in.problem("$.skuCategories", "non-blank skus", "a blank sku");
                } else {
                    in.requiredText(mapNode, e.getKey(), "$.skuCategories").ifPresent(c -> map.put(e.getKey(), c));
                }
            }
        }
        in.throwIfProblems();
        Map<String, Money> money = new HashMap<>();
        spend.forEach((c, a) -> money.put(c, Money.of(a, currency)));
        return new CategoryAffinity(currency, map, money, Money.of(uncategorised.orElseThrow(), currency), customers);
    }

    private static Optional<BigDecimal> amount(JsonInput in, JsonNode node, String path, boolean zeroAllowed) {
        Optional<BigDecimal> value = in.decimal(node, path);
        if (value.isPresent() && (value.get().signum() < 0 || (!zeroAllowed && value.get().signum() == 0))) {
            in.problem(path, zeroAllowed ? "an amount >= 0" : "an amount > 0", value.get().toPlainString());
            return Optional.empty();
        }
        return value;
    }

    // ---------------------------------------------------------------- value semantics

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoryAffinity other && currency.equals(other.currency) && customers == other.customers
                && spend.equals(other.spend) && uncategorised.equals(other.uncategorised)
                && skuCategories.equals(other.skuCategories);
    }

    @Override
    public int hashCode() {
        return Objects.hash(currency, customers, spend, uncategorised, skuCategories);
    }

    @Override
    public String toString() {
        return "CategoryAffinity[currency=" + currency + ", customers=" + customers + ", categories="
                + Arrays.toString(spend.keySet().toArray()) + ", total=" + total + ", uncategorised=" + uncategorised
                + "]";
    }
}
