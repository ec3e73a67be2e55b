package io.recall.benchmarks;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderEvent;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.recommend.CoPurchaseFitter;
import io.recall.recommend.CoPurchaseModel;
import io.recall.recommend.RecommendOptions;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The facade {@link RecommendBenchmark} measures: what a customer bought in, the top N SKUs out. */
@FunctionalInterface
interface RecommendContender {

    /** The top {@code n} items for a customer who bought {@code bought}. */
    List<?> recommend(Set<String> bought, int n);

    /** {@code recall} or {@code naive}, over the same purchases. */
    static RecommendContender named(String name, Purchases purchases) {
        switch (name) {
            case "recall":
                return purchases.model()::recommend;
            case "naive":
                return new RecommendNaive(purchases.skusByCustomer());
            default:
                throw new IllegalArgumentException("unknown recommender '" + name + "'; expected recall or naive");
        }
    }

    /**
     * Every Online Retail purchase of a product (no postage or fees): each customer's SKUs, and Recall's
     * model fitted with the default options.
     */
    record Purchases(Map<String, Set<String>> skusByCustomer, CoPurchaseModel model) {

        static Purchases load() throws IOException {
            RecommendOptions options = RecommendOptions.defaults().withItemPattern(RecommendOptions.ONLINE_RETAIL_PRODUCTS);
            CoPurchaseFitter fitter = CoPurchaseModel.newFitter(options);
            Pattern products = Pattern.compile(RecommendOptions.ONLINE_RETAIL_PRODUCTS);
            Map<String, Set<String>> skus = new TreeMap<>();
            OrderImporter.read(OnlineRetail.file(), InputFormat.ONLINE_RETAIL, ImportOptions.defaults(), event -> {
                fitter.accept(event);
                if (event instanceof OrderEvent.PurchaseLine p && products.matcher(p.orderLine().sku()).matches()) {
                    skus.computeIfAbsent(p.customerId(), c -> new HashSet<>()).add(p.orderLine().sku());
                }
            }, ProgressListener.NONE);
            Map<String, Set<String>> copy = new HashMap<>();
            skus.forEach((c, s) -> copy.put(c, Set.copyOf(s)));
            return new Purchases(copy, fitter.fit());
        }
    }
}
