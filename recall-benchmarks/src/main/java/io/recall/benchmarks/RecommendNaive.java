package io.recall.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Customers who bought this also bought", as a developer writes it by hand: a {@code Map<sku, Set<customer>>}
 * and, per call, co-occurrence counts computed on the fly from every buyer of every item the customer
 * bought, scored by cosine, summed, sorted. No model to fit, nothing to store; the work grows with the
 * popularity of what the customer bought.
 */
final class RecommendNaive implements RecommendContender {

    private final Map<String, Set<String>> buyersBySku = new HashMap<>();
    private final Map<String, Set<String>> skusByCustomer;

    RecommendNaive(Map<String, Set<String>> skusByCustomer) {
        this.skusByCustomer = skusByCustomer;
        skusByCustomer.forEach((customer, skus) -> skus.forEach(
                sku -> buyersBySku.computeIfAbsent(sku, s -> new HashSet<>()).add(customer)));
    }

    @Override
    public List<String> recommend(Set<String> bought, int n) {
        Map<String, Double> scores = new HashMap<>();
        for (String sku : bought) {
            Set<String> buyers = buyersBySku.get(sku);
            if (buyers == null) {
                continue;
            }
            Map<String, Integer> together = new HashMap<>();
            for (String customer : buyers) {
                for (String other : skusByCustomer.get(customer)) {
                    if (!other.equals(sku)) {
                        together.merge(other, 1, Integer::sum);
                    }
                }
            }
            for (Map.Entry<String, Integer> e : together.entrySet()) {
                double cosine = e.getValue() / Math.sqrt((double) buyers.size() * buyersBySku.get(e.getKey()).size());
                scores.merge(e.getKey(), cosine, Double::sum);
            }
        }
        List<Map.Entry<String, Double>> ranked = new ArrayList<>();
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (!bought.contains(e.getKey())) {
                ranked.add(e);
            }
        }
        ranked.sort((a, b) -> {
            int c = Double.compare(b.getValue(), a.getValue());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        List<String> top = new ArrayList<>(n);
        for (int i = 0; i < ranked.size() && i < n; i++) {
            top.add(ranked.get(i).getKey());
        }
        return top;
    }
}
