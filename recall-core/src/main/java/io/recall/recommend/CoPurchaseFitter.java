package io.recall.recommend;

import io.recall.ingest.OrderEvent;
import io.recall.model.CustomerHistory;
import io.recall.model.Order;
import io.recall.model.OrderLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Collects purchases and fits a {@link CoPurchaseModel} from them.
 *
 * <p>Feed it purchase lines: as the sink of an import ({@link #accept}, refund lines are ignored: an
 * item bought and returned still says what goes together), from histories ({@link #add(CustomerHistory)}),
 * or one line at a time ({@link #add(String, String, String)}). Lines with the same customer and order
 * id make one basket; a SKU twice in a basket counts once. SKUs that do not match the options'
 * {@linkplain RecommendOptions#itemPattern() item pattern} are counted in {@link #linesIgnored()} and
 * otherwise left out.
 *
 * <p>Memory holds one small int array per order. {@link #fit()} may be called more than once (say after
 * each day's orders); each call returns a new, independent model. Not thread-safe.
 */
public final class CoPurchaseFitter implements Consumer<OrderEvent> {

    private final RecommendOptions options;
    private final Pattern pattern;
    private final Map<String, Integer> skuIds = new HashMap<>();
    private final List<String> skus = new ArrayList<>();
    private final Set<String> ignoredSkus = new HashSet<>();
    private final Map<String, Integer> customerIds = new HashMap<>();
    private final Map<String, Basket> baskets = new HashMap<>();
    private final List<Basket> basketList = new ArrayList<>();
    private String lastCustomer;
    private String lastOrder;
    private Basket last;
    private long linesAdded;
    private long linesIgnored;

    CoPurchaseFitter(RecommendOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.pattern = options.compiledItemPattern().orElse(null);
    }

    /** One order's distinct items, by fitter-local id. */
    private static final class Basket {
        final int customer;
        int[] items = new int[8];
        int size;

        Basket(int customer) {
            this.customer = customer;
        }

        void add(int item) {
            for (int i = 0; i < size; i++) {
                if (items[i] == item) {
                    return;
                }
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = item;
        }
    }

    /** Adds a purchase line; other events (refunds) are ignored. */
    @Override
    public void accept(OrderEvent event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof OrderEvent.PurchaseLine p) {
            add(p.customerId(), p.orderId(), p.orderLine().sku());
        }
    }

    /**
     * Adds one purchase: {@code customerId} bought {@code sku} in order {@code orderId}.
     *
     * @throws IllegalArgumentException if an id or the SKU is blank
     */
    public CoPurchaseFitter add(String customerId, String orderId, String sku) {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(sku, "sku");
        if (customerId.isBlank() || orderId.isBlank() || sku.isBlank()) {
            throw new IllegalArgumentException("customer id, order id and sku must not be blank but were '"
                    + customerId + "', '" + orderId + "', '" + sku + "'");
        }
        Integer item = skuIds.get(sku);
        if (item == null) {
            if (ignoredSkus.contains(sku) || (pattern != null && !pattern.matcher(sku).matches())) {
                ignoredSkus.add(sku);
                linesIgnored++;
                return this;
            }
            item = skus.size();
            skuIds.put(sku, item);
            skus.add(sku);
        }
        // Imports hand on an order's lines one after another: skip the map for the same order.
        Basket basket = last;
        if (basket == null || !orderId.equals(lastOrder) || !customerId.equals(lastCustomer)) {
            String key = customerId + '\u0000' + orderId;
            basket = baskets.get(key);
            if (basket == null) {
                int customer = customerIds.computeIfAbsent(customerId, c -> customerIds.size());
                basket = new Basket(customer);
                baskets.put(key, basket);
                basketList.add(basket);
            }
            last = basket;
            lastOrder = orderId;
            lastCustomer = customerId;
        }
        basket.add(item);
        linesAdded++;
        return this;
    }

    /** Adds every line of every order of a history (refunds are ignored, as in {@link #accept}). */
    public CoPurchaseFitter add(CustomerHistory history) {
        Objects.requireNonNull(history, "history");
        for (Order order : history.orders()) {
            for (OrderLine line : order.lines()) {
                add(history.customerId(), order.id(), line.sku());
            }
        }
        return this;
    }

    /** Purchase lines taken so far. */
    public long linesAdded() {
        return linesAdded;
    }

    /** Purchase lines left out because their SKU does not match the item pattern. */
    public long linesIgnored() {
        return linesIgnored;
    }

    /**
     * Fits a model from the purchases so far.
     *
     * @throws IllegalStateException if no purchase of an item has been added
     */
    public CoPurchaseModel fit() {
        return fit(options);
    }

    /**
     * Fits a model from the purchases so far with other options, say to compare neighbour counts or
     * replenishment rules on the same data. The item pattern must be the fitter's: it was applied as the
     * lines came in.
     *
     * @throws IllegalArgumentException if {@code options} has another item pattern
     * @throws IllegalStateException    if no purchase of an item has been added
     */
    public CoPurchaseModel fit(RecommendOptions options) {
        Objects.requireNonNull(options, "options");
        if (!options.itemPattern().equals(this.options.itemPattern())) {
            throw new IllegalArgumentException("item pattern " + options.itemPattern().orElse("(none)")
                    + " differs from the fitter's " + this.options.itemPattern().orElse("(none)")
                    + ", which was applied as lines came in");
        }
        int n = skus.size();
        if (n == 0) {
            throw new IllegalStateException("cannot fit a co-purchase model without purchases: " + linesAdded
                    + " lines added, " + linesIgnored + " ignored as not matching the item pattern "
                    + options.itemPattern().orElse("(none)"));
        }
        // Canonical item order: by SKU, so that equal purchases give equal models whatever the input order.
        String[] sorted = skus.toArray(new String[0]);
        Arrays.sort(sorted);
        int[] remap = new int[n];
        for (int i = 0; i < n; i++) {
            remap[skuIds.get(sorted[i])] = i;
        }
        int b = basketList.size();
        int[][] items = new int[b][];
        int[] orderCounts = new int[n];
        for (int k = 0; k < b; k++) {
            Basket basket = basketList.get(k);
            int[] its = new int[basket.size];
            for (int i = 0; i < basket.size; i++) {
                its[i] = remap[basket.items[i]];
                orderCounts[its[i]]++;
            }
            items[k] = its;
        }
        int[] buyers = new int[n];
        int[] repeatBuyers = new int[n];
        countBuyers(items, n, buyers, repeatBuyers);
        Neighbours neighbours = neighbours(items, orderCounts, options);
        return new CoPurchaseModel(options, customerIds.size(), b, sorted, orderCounts, buyers, repeatBuyers,
                neighbours.offsets, neighbours.items, neighbours.similarities);
    }

    private void countBuyers(int[][] items, int n, int[] buyers, int[] repeatBuyers) {
        int customers = customerIds.size();
        // Baskets grouped by customer (a CSR index), then per customer the orders per item.
        int[] start = new int[customers + 1];
        for (Basket basket : basketList) {
            start[basket.customer + 1]++;
        }
        for (int c = 0; c < customers; c++) {
            start[c + 1] += start[c];
        }
        int[] byCustomer = new int[basketList.size()];
        int[] fill = Arrays.copyOf(start, customers);
        for (int k = 0; k < basketList.size(); k++) {
            byCustomer[fill[basketList.get(k).customer]++] = k;
        }
        int[] count = new int[n];
        int[] touched = new int[n];
        for (int c = 0; c < customers; c++) {
            int t = 0;
            for (int s = start[c]; s < start[c + 1]; s++) {
                for (int item : items[byCustomer[s]]) {
                    if (count[item]++ == 0) {
                        touched[t++] = item;
                    }
                }
            }
            for (int i = 0; i < t; i++) {
                int item = touched[i];
                buyers[item]++;
                if (count[item] >= 2) {
                    repeatBuyers[item]++;
                }
                count[item] = 0;
            }
        }
    }

    private record Neighbours(int[] offsets, int[] items, float[] similarities) {
    }

    private static Neighbours neighbours(int[][] baskets, int[] orderCounts, RecommendOptions options) {
        int n = orderCounts.length;
        // Inverted index: the baskets of each item.
        int[] start = new int[n + 1];
        for (int[] basket : baskets) {
            for (int item : basket) {
                start[item + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] basketsOf = new int[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        for (int k = 0; k < baskets.length; k++) {
            for (int item : baskets[k]) {
                basketsOf[fill[item]++] = k;
            }
        }
        int k = options.neighbours();
        int minCo = options.minCoPurchases();
        double shrinkage = options.shrinkage();
        int[] co = new int[n];
        int[] touched = new int[n];
        TopK top = new TopK(k);
        int[] offsets = new int[n + 1];
        int[] outItems = new int[(int) Math.min((long) n * k, 1 << 20)];
        float[] outSims = new float[outItems.length];
        int size = 0;
        for (int i = 0; i < n; i++) {
            int t = 0;
            for (int s = start[i]; s < start[i + 1]; s++) {
                for (int j : baskets[basketsOf[s]]) {
                    if (j != i && co[j]++ == 0) {
                        touched[t++] = j;
                    }
                }
            }
            top.clear();
            for (int x = 0; x < t; x++) {
                int j = touched[x];
                if (co[j] >= minCo) {
                    top.offer(j, CoPurchaseModel.similarity(co[j], orderCounts[i], orderCounts[j], shrinkage));
                }
                co[j] = 0;
            }
            int found = top.drainSorted();
            if (size + found > outItems.length) {
                int grown = Math.max(size + found, outItems.length * 2);
                outItems = Arrays.copyOf(outItems, grown);
                outSims = Arrays.copyOf(outSims, grown);
            }
            for (int x = 0; x < found; x++) {
                outItems[size + x] = top.items[x];
                outSims[size + x] = top.sims[x];
            }
            size += found;
            offsets[i + 1] = size;
        }
        return new Neighbours(offsets, Arrays.copyOf(outItems, size), Arrays.copyOf(outSims, size));
    }

    /**
     * The k best (item, similarity) pairs: a min-heap on "worse", where worse means a lower similarity,
     * or an equal one and a higher item index, so ties resolve the same way every time.
     */
    private static final class TopK {
        final int capacity;
        final int[] items;
        final float[] sims;
        int size;

        TopK(int capacity) {
            this.capacity = capacity;
            this.items = new int[capacity];
            this.sims = new float[capacity];
        }

        void clear() {
            size = 0;
        }

        private static boolean worse(float s1, int i1, float s2, int i2) {
            return s1 < s2 || (s1 == s2 && i1 > i2);
        }

        void offer(int item, float sim) {
            if (size < capacity) {
                items[size] = item;
                sims[size] = sim;
                siftUp(size++);
            } else if (worse(sims[0], items[0], sim, item)) {
                items[0] = item;
                sims[0] = sim;
                siftDown(0, size);
            }
        }

        private void siftUp(int at) {
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!worse(sims[at], items[at], sims[parent], items[parent])) {
                    break;
                }
                swap(at, parent);
                at = parent;
            }
        }

        private void siftDown(int at, int limit) {
            while (true) {
                int left = 2 * at + 1;
                if (left >= limit) {
                    return;
                }
                int right = left + 1;
                int child = right < limit && worse(sims[right], items[right], sims[left], items[left]) ? right : left;
                if (!worse(sims[child], items[child], sims[at], items[at])) {
                    return;
                }
                swap(at, child);
                at = child;
            }
        }

        private void swap(int a, int b) {
            int i = items[a];
            items[a] = items[b];
            items[b] = i;
            float s = sims[a];
            sims[a] = sims[b];
            sims[b] = s;
        }

        /** Heap-sorts in place, best first; returns the count. */
        int drainSorted() {
            int n = size;
            for (int end = n - 1; end > 0; end--) {
                swap(0, end);
                siftDown(0, end);
            }
            size = 0;
            return n;
        }
    }
}
