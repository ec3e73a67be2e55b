package io.recall.recommend;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoPurchaseModelProperties {

    /** One purchase line. */
    record Line(String customer, String order, String sku) {
    }

    /** Purchases of up to 12 customers from a catalogue of up to 15 SKUs, and options to fit them with. */
    record Case(List<Line> lines, RecommendOptions options) {
        CoPurchaseModel fit() {
            return fit(lines);
        }

        CoPurchaseModel fit(List<Line> in) {
            CoPurchaseFitter fitter = CoPurchaseModel.newFitter(options);
            in.forEach(l -> fitter.add(l.customer(), l.order(), l.sku()));
            return fitter.fit();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<List<Line>> lines = Arbitraries.integers().between(1, 15).flatMap(items -> {
            Arbitrary<String> sku = Arbitraries.integers().between(0, items - 1).map(i -> "s" + i);
            Arbitrary<List<String>> basket = sku.list().ofMinSize(1).ofMaxSize(6);
            Arbitrary<List<List<String>>> customerOrders = basket.list().ofMinSize(1).ofMaxSize(4);
            return customerOrders.list().ofMinSize(1).ofMaxSize(12).map(customers -> {
                List<Line> all = new ArrayList<>();
                for (int c = 0; c < customers.size(); c++) {
                    for (int o = 0; o < customers.get(c).size(); o++) {
                        for (String s : customers.get(c).get(o)) {
                            all.add(new Line("c" + c, "o" + o, s));
                        }
                    }
                }
                return all;
            });
        });
        Arbitrary<RecommendOptions> options = Combinators.combine(
                Arbitraries.integers().between(1, 8),
                Arbitraries.of(0.0, 1.0, 2.5, 10.0),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 4),
                Arbitraries.of(0.1, 0.3, 0.5, 1.0))
                .as((k, shrink, minCo, minBuyers, share) -> new RecommendOptions(k, shrink, minCo, minBuyers, share,
                        Optional.empty()));
        return Combinators.combine(lines, options).as(Case::new);
    }

    @Provide
    Arbitrary<List<String>> boughts() {
        return Arbitraries.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13",
                "s14", "new-product").list().ofMaxSize(10);
    }

    @Property(tries = 300)
    void neverRecommendsWhatWasBoughtUnlessReplenishable(@ForAll("cases") Case c, @ForAll("boughts") List<String> bought,
                                                          @ForAll @IntRange(min = 0, max = 20) int n) {
        CoPurchaseModel model = c.fit();
        for (Recommendation r : model.recommend(bought, n)) {
            assertTrue(!bought.contains(r.sku()) || model.isReplenishable(r.sku()), r.toString());
            assertEquals(bought.contains(r.sku()), r.reason() == Recommendation.Reason.REPLENISH, r.toString());
        }
    }

    @Property(tries = 300)
    void neverMoreThanNAndEachItemOnce(@ForAll("cases") Case c, @ForAll("boughts") List<String> bought,
                                       @ForAll @IntRange(min = 0, max = 20) int n) {
        CoPurchaseModel model = c.fit();
        List<Recommendation> list = model.recommend(bought, n);
        assertTrue(list.size() <= n);
        assertEquals(list.size(), list.stream().map(Recommendation::sku).distinct().count());
        // As many as asked, unless the catalogue runs out of items the customer may be offered.
        long offerable = model.skus().stream().filter(s -> !bought.contains(s) || model.isReplenishable(s)).count();
        assertEquals(Math.min(n, offerable), list.size());
    }

    @Property(tries = 300)
    void sortedByScoreWithEvidenceBeforeFillIns(@ForAll("cases") Case c, @ForAll("boughts") List<String> bought) {
        List<Recommendation> list = c.fit().recommend(bought, 20);
        for (int i = 1; i < list.size(); i++) {
            assertTrue(list.get(i - 1).score() >= list.get(i).score(), list.toString());
        }
        boolean fillIn = false;
        for (Recommendation r : list) {
            boolean isFill = r.because().isEmpty();
            assertFalse(fillIn && !isFill, "a recommendation with evidence after a fill-in: " + list);
            assertEquals(isFill, r.score() == 0, r.toString());
            fillIn |= isFill;
        }
    }

    @Property(tries = 300)
    void deterministicWhateverTheOrderOrRepeats(@ForAll("cases") Case c, @ForAll("boughts") List<String> bought,
                                                @ForAll Random random) {
        CoPurchaseModel model = c.fit();
        List<Recommendation> first = model.recommend(bought, 10);
        List<String> shuffled = new ArrayList<>(bought);
        shuffled.addAll(bought);
        Collections.shuffle(shuffled, random);
        assertEquals(first, model.recommend(shuffled, 10));
        assertEquals(first, model.recommend(new HashSet<>(bought), 10));
        List<Line> lines = new ArrayList<>(c.lines());
        Collections.shuffle(lines, random);
        CoPurchaseModel refitted = c.fit(lines);
        assertEquals(model, refitted);
        assertEquals(first, refitted.recommend(bought, 10));
    }

    @Property(tries = 300)
    void jsonRoundTripIsExact(@ForAll("cases") Case c) {
        CoPurchaseModel model = c.fit();
        CoPurchaseModel back = CoPurchaseModel.fromJson(model.toJson());
        assertEquals(model, back);
        assertEquals(model.toJson(), back.toJson());
    }

    @Property(tries = 200)
    void similarityIsSymmetricAndTheDefinitionsValue(@ForAll("cases") Case c) {
        CoPurchaseModel model = c.fit();
        RecommendOptions o = c.options();
        // Brute force: orders per item and shared orders per pair.
        Map<String, Set<String>> ordersOf = new HashMap<>();
        for (Line l : c.lines()) {
            ordersOf.computeIfAbsent(l.sku(), s -> new HashSet<>()).add(l.customer() + "/" + l.order());
        }
        for (String a : model.skus()) {
            List<Neighbour> neighbours = model.similar(a, Integer.MAX_VALUE);
            assertTrue(neighbours.size() <= o.neighbours());
            double weakest = neighbours.isEmpty() ? 1 : neighbours.get(neighbours.size() - 1).similarity();
            for (String b : model.skus()) {
                assertEquals(model.similarity(a, b), model.similarity(b, a), a + " ~ " + b);
                if (a.equals(b)) {
                    continue;
                }
                Set<String> shared = new HashSet<>(ordersOf.get(a));
                shared.retainAll(ordersOf.get(b));
                float expected = shared.size() < o.minCoPurchases() ? 0 : CoPurchaseModel.similarity(shared.size(),
                        ordersOf.get(a).size(), ordersOf.get(b).size(), o.shrinkage());
                Optional<Neighbour> kept = neighbours.stream().filter(x -> x.sku().equals(b)).findFirst();
                if (kept.isPresent()) {
                    assertEquals(expected, kept.get().similarity(), a + " ~ " + b);
                } else if (neighbours.size() == o.neighbours()) {
                    assertTrue(expected <= weakest, "a better neighbour " + b + " of " + a + " was dropped");
                } else {
                    assertEquals(0, expected, "neighbour " + b + " of " + a + " is missing");
                }
            }
        }
    }
}
