package io.recall.generator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulated shop's fixed range: 200 products in 12 categories, with prices and a Zipf-like popularity.
 *
 * <p>The range is the same for every seed (it comes from its own fixed seed), so a product's SKU,
 * category and price mean the same thing in every generated data set. Immutable and thread-safe.
 */
final class Catalogue {

    /** One product; {@code price} has two decimals and is positive; {@code index} is its position in the range. */
    record Item(int index, String sku, String category, BigDecimal price) {
    }

    /** A category: its name, SKU prefix, number of products and price range in whole currency units. */
    private record Category(String name, String code, int size, double minPrice, double maxPrice) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("home", "HOM", 20, 4, 120),
            new Category("kitchen", "KIT", 18, 3, 150),
            new Category("garden", "GAR", 14, 3, 200),
            new Category("toys", "TOY", 16, 4, 80),
            new Category("stationery", "STA", 14, 1, 25),
            new Category("fashion", "FAS", 24, 8, 150),
            new Category("beauty", "BEA", 18, 3, 60),
            new Category("electronics", "ELE", 16, 10, 400),
            new Category("grocery", "GRO", 20, 1, 20),
            new Category("pets", "PET", 12, 2, 60),
            new Category("books", "BOO", 14, 4, 35),
            new Category("sports", "SPO", 14, 5, 200));

    /** The range is a fixed part of the simulation, not of the seed. */
    private static final long CATALOGUE_SEED = 0x2023_0101L;

    private static final String[] CHEAP_ENDINGS = {"0.99", "0.95", "0.49", "0.50", "0.25"};
    private static final String[] DEAR_ENDINGS = {"0.99", "0.95", "0.50", "0.00"};
    private static final double DEAR_FROM = 20;

    /** The standard range every generator sells. */
    static final Catalogue STANDARD = new Catalogue();

    private final List<Item> items;
    private final List<String> categoryNames;
    private final double[] cumulative;
    private final double[] categoryWeights;
    private final int[][] categoryItems;
    private final double[][] categoryCumulative;

    private Catalogue() {
        Rng rng = new Rng(CATALOGUE_SEED);
        List<Item> built = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int[][] byCategory = new int[CATEGORIES.size()][];
        for (int c = 0; c < CATEGORIES.size(); c++) {
            Category category = CATEGORIES.get(c);
            names.add(category.name());
            byCategory[c] = new int[category.size()];
            for (int k = 0; k < category.size(); k++) {
                byCategory[c][k] = built.size();
                String sku = String.format(Locale.ROOT, "%s-%03d", category.code(), k + 1);
                built.add(new Item(built.size(), sku, category.name(), price(rng, category)));
            }
        }
        this.items = List.copyOf(built);
        this.categoryNames = List.copyOf(names);
        this.categoryItems = byCategory;

        // Popularity ranks are a fixed shuffle, independent of price and category.
        int n = items.size();
        int[] rankOf = new int[n];
        for (int i = 0; i < n; i++) {
            rankOf[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = rankOf[i];
            rankOf[i] = rankOf[j];
            rankOf[j] = t;
        }
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) {
            weight[i] = 1.0 / StrictMath.pow(rankOf[i] + 1.0, Calibration.ZIPF_EXPONENT);
        }
        this.cumulative = cumulate(weight, null);
        this.categoryWeights = new double[byCategory.length];
        this.categoryCumulative = new double[byCategory.length][];
        for (int c = 0; c < byCategory.length; c++) {
            categoryCumulative[c] = cumulate(weight, byCategory[c]);
            categoryWeights[c] = categoryCumulative[c][categoryCumulative[c].length - 1];
        }
    }

    /** A log-uniform price in the category's range with a shop-like ending (3.95, 12.49, 129.00). */
    private static BigDecimal price(Rng rng, Category category) {
        double raw = category.minPrice() * StrictMath.pow(category.maxPrice() / category.minPrice(), rng.nextDouble());
        long whole = Math.max(1, (long) StrictMath.floor(raw));
        String[] endings = raw >= DEAR_FROM ? DEAR_ENDINGS : CHEAP_ENDINGS;
        return BigDecimal.valueOf(whole).add(new BigDecimal(endings[rng.nextInt(endings.length)]));
    }

    private static double[] cumulate(double[] weight, int[] subset) {
        int n = subset == null ? weight.length : subset.length;
        double[] result = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += weight[subset == null ? i : subset[i]];
            result[i] = sum;
        }
        return result;
    }

    /** Every product, by index. */
    List<Item> items() {
        return items;
    }

    /** The category names, by category index. */
    List<String> categories() {
        return categoryNames;
    }

    /** A product drawn by popularity from the whole range. */
    Item pick(Rng rng) {
        return items.get(rng.cumulative(cumulative));
    }

    /** A product drawn by popularity from one category. */
    Item pickIn(int category, Rng rng) {
        return items.get(categoryItems[category][rng.cumulative(categoryCumulative[category])]);
    }

    /** A category index drawn by the total popularity of its products. */
    int pickCategory(Rng rng) {
        return rng.weighted(categoryWeights);
    }
}
