package io.recall.recommend;

import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import io.recall.ingest.OrderEvent;
import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.model.RefundKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoPurchaseModelTest {

    /** Plain cosine, every pair a neighbour; replenishable: 2 buyers, half of them again. */
    static final RecommendOptions PLAIN = new RecommendOptions(5, 0, 1, 2, 0.5, Optional.empty());

    /**
     * Four customers, six orders: A is in 4 orders, B in 3, C in 2, D in 1; A and B share 2 orders, A and C
     * 1, B and C 1. Both buyers of A bought it twice.
     */
    static CoPurchaseFitter small(RecommendOptions options) {
        return CoPurchaseModel.newFitter(options)
                .add("c1", "o1", "A").add("c1", "o1", "B")
                .add("c1", "o2", "A").add("c1", "o2", "C")
                .add("c2", "o3", "A").add("c2", "o3", "B")
                .add("c2", "o4", "A")
                .add("c3", "o5", "B").add("c3", "o5", "C")
                .add("c4", "o6", "D");
    }

    static double cos(int together, int a, int b) {
        return (float) (together / Math.sqrt((double) a * b));
    }

    static List<String> skus(List<Recommendation> list) {
        return list.stream().map(Recommendation::sku).toList();
    }

    @Nested
    class Fitting {
        final CoPurchaseModel model = small(PLAIN).fit();

        @Test
        void countsOrdersBuyersAndRepeatBuyersPerItem() {
            assertEquals(List.of("A", "B", "C", "D"), model.skus());
            assertEquals(List.of(4, 3, 2, 1), List.of(model.orders("A"), model.orders("B"), model.orders("C"),
                    model.orders("D")));
            assertEquals(List.of(2, 3, 2, 1), List.of(model.buyers("A"), model.buyers("B"), model.buyers("C"),
                    model.buyers("D")));
            assertEquals(2, model.repeatBuyers("A"));
            assertEquals(0, model.repeatBuyers("B"));
            assertEquals(4, model.customers());
            assertEquals(6, model.orders());
        }

        @Test
        void similarityIsTheCosineOfOrderVectors() {
            assertEquals(cos(2, 4, 3), model.similarity("A", "B"));
            assertEquals(cos(1, 4, 2), model.similarity("A", "C"));
            assertEquals(cos(1, 3, 2), model.similarity("B", "C"));
            assertEquals(0, model.similarity("A", "D"));
            assertEquals(model.similarity("C", "B"), model.similarity("B", "C"));
        }

        @Test
        void neighboursAreSortedMostSimilarFirst() {
            assertEquals(List.of(new Neighbour("B", cos(2, 4, 3)), new Neighbour("C", cos(1, 4, 2))),
                    model.similar("A", 10));
            assertEquals(List.of(new Neighbour("B", cos(2, 4, 3))), model.similar("A", 1));
            assertEquals(List.of(), model.similar("D", 10));
            // Regression: a huge n overflowed the end offset of any item but the first.
            assertEquals(model.similar("C", 10), model.similar("C", Integer.MAX_VALUE));
            assertEquals(List.of(), model.similar("unknown", 10));
        }

        @Test
        void shrinkageDampsPairsWithFewSharedOrders() {
            CoPurchaseModel shrunk = small(PLAIN.withShrinkage(10)).fit();
            assertEquals((float) (2 / Math.sqrt(12) * (2 / 12.0)), shrunk.similarity("A", "B"));
            assertEquals((float) (1 / Math.sqrt(8) * (1 / 11.0)), shrunk.similarity("A", "C"));
        }

        @Test
        void minimumCoPurchasesDropsRarePairs() {
            CoPurchaseModel strict = small(PLAIN.withMinCoPurchases(2)).fit();
            assertEquals(List.of("B"), strict.similar("A", 10).stream().map(Neighbour::sku).toList());
            assertEquals(0, strict.similarity("B", "C"));
        }

        @Test
        void neighboursAreCappedAtK() {
            CoPurchaseModel one = small(PLAIN.withNeighbours(1)).fit();
            assertEquals(1, one.similar("A", 10).size());
            assertEquals(1, one.similar("C", 10).size());
        }

        @Test
        void replenishableMeansManyBuyersCameBack() {
            assertTrue(model.isReplenishable("A"));
            assertFalse(model.isReplenishable("B"));
            assertFalse(model.isReplenishable("unknown"));
            assertEquals(List.of("A"), model.replenishables());
            assertEquals(List.of(), small(PLAIN.withReplenishable(3, 0.5)).fit().replenishables());
            assertEquals(List.of(), small(PLAIN.withoutReplenishables()).fit().replenishables());
        }

        @Test
        void popularityRanksByBuyersThenOrdersThenSku() {
            assertEquals(List.of("B", "A", "C", "D"), model.mostPopular(10));
            assertEquals(List.of("B"), model.mostPopular(1));
        }

        @Test
        void aSkuTwiceInAnOrderCountsOnce() {
            CoPurchaseModel twice = small(PLAIN).add("c4", "o6", "D").add("c1", "o1", "A").fit();
            assertEquals(model, twice);
        }

        @Test
        void theItemPatternLeavesOutNonProducts() {
            CoPurchaseFitter fitter = small(PLAIN.withItemPattern("[A-C]")).add("c1", "o1", "POST");
            CoPurchaseModel filtered = fitter.fit();
            assertEquals(List.of("A", "B", "C"), filtered.skus());
            assertEquals(2, fitter.linesIgnored());
            assertEquals(9, fitter.linesAdded());
        }

        @Test
        void histories() {
            Instant t = Instant.parse("2024-01-01T10:00:00Z");
            CustomerHistory c1 = CustomerHistory.of("c1", List.of(order("o1", "c1", t, "A", "B"),
                    order("o2", "c1", t.plusSeconds(60), "A", "C")));
            CoPurchaseModel fromHistories = CoPurchaseModel.fit(List.of(c1), PLAIN);
            CoPurchaseModel fromLines = CoPurchaseModel.newFitter(PLAIN).add("c1", "o1", "A").add("c1", "o1", "B")
                    .add("c1", "o2", "A").add("c1", "o2", "C").fit();
            assertEquals(fromLines, fromHistories);
        }

        @Test
        void importEventsFeedTheFitterAndRefundsAreIgnored() {
            Instant t = Instant.parse("2024-01-01T10:00:00Z");
            OrderLine a = line("A");
            CoPurchaseFitter fitter = CoPurchaseModel.newFitter(PLAIN);
            fitter.accept(new OrderEvent.PurchaseLine(2, "c1", "o1", t, "web", a));
            fitter.accept(new OrderEvent.PurchaseLine(3, "c1", "o1", t, "web", line("B")));
            fitter.accept(new OrderEvent.RefundLine(4, "c1", "r1", t, RefundKind.RETURN, Optional.empty(), "web",
                    line("C")));
            assertEquals(List.of("A", "B"), fitter.fit().skus());
        }

        @Test
        void refittingWithOtherOptionsUsesTheSamePurchases() {
            CoPurchaseFitter fitter = small(PLAIN);
            assertEquals(small(PLAIN.withShrinkage(3)).fit(), fitter.fit(PLAIN.withShrinkage(3)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> fitter.fit(PLAIN.withItemPattern("[A-Z]")));
            assertTrue(e.getMessage().contains("item pattern [A-Z] differs from the fitter's (none)"), e.getMessage());
        }
    }

    @Nested
    class Recommending {
        final CoPurchaseModel model = small(PLAIN).fit();

        @Test
        void neighboursOfWhatWasBoughtComeFirstThenPopularItems() {
            List<Recommendation> list = model.recommend(Set.of("B"), 3);
            assertEquals(List.of("A", "C", "D"), skus(list));
            double w = 1 / ((double) (float) cos(2, 4, 3) + (float) cos(1, 3, 2));
            assertEquals((float) cos(2, 4, 3) * w, list.get(0).score(), 1e-12);
            assertEquals(Recommendation.Reason.CO_PURCHASE, list.get(0).reason());
            assertEquals("co-purchase:B", list.get(0).explanation());
            assertEquals(Recommendation.Reason.POPULAR, list.get(2).reason());
            assertEquals(0, list.get(2).score());
            assertEquals("popular", list.get(2).explanation());
        }

        @Test
        void boughtItemsAreLeftOutUnlessReplenishable() {
            List<Recommendation> list = model.recommend(List.of("A", "B"), 10);
            assertFalse(skus(list).contains("B"));
            Recommendation a = list.stream().filter(r -> r.sku().equals("A")).findFirst().orElseThrow();
            assertEquals(Recommendation.Reason.REPLENISH, a.reason());
            assertEquals(Optional.of("B"), a.because());
            CoPurchaseModel never = small(PLAIN.withoutReplenishables()).fit();
            assertEquals(List.of("C", "D"), skus(never.recommend(List.of("A", "B"), 10)));
        }

        @Test
        void theReasonNamesTheBoughtItemThatContributedMost() {
            // C is a neighbour of both A and B; B's row gives it the larger normalised weight.
            Recommendation c = model.recommend(List.of("A", "B"), 10).stream().filter(r -> r.sku().equals("C"))
                    .findFirst().orElseThrow();
            double fromA = (float) cos(1, 4, 2) / ((double) (float) cos(2, 4, 3) + (float) cos(1, 4, 2));
            double fromB = (float) cos(1, 3, 2) / ((double) (float) cos(2, 4, 3) + (float) cos(1, 3, 2));
            assertEquals(Optional.of(fromB > fromA ? "B" : "A"), c.because());
            assertEquals(fromA + fromB, c.score(), 1e-12);
        }

        @Test
        void aBoughtReplenishableItemMayFillInAsReplenishment() {
            List<Recommendation> list = model.recommend(Set.of("A"), 4);
            assertEquals(List.of("B", "C", "A", "D"), skus(list));
            assertEquals(new Recommendation("A", 0, Recommendation.Reason.REPLENISH, Optional.empty()), list.get(2));
            assertEquals(Recommendation.Reason.POPULAR, list.get(3).reason());
        }

        @Test
        void aNewCustomerGetsThePopularItems() {
            assertEquals(List.of("B", "A", "C"), skus(model.recommend(List.of(), 3)));
            assertEquals(List.of("B", "A"), skus(model.recommend(Set.of("unknown", "POST"), 2)));
        }

        @Test
        void theListIsAsLongAsAsked() {
            assertEquals(List.of(), model.recommend(Set.of("A"), 0));
            assertEquals(1, model.recommend(Set.of("A"), 1).size());
            assertEquals(3, model.recommend(Set.of("B"), Integer.MAX_VALUE).size());
        }

        @Test
        void orderAndRepeatsOfTheInputDoNotMatter() {
            assertEquals(model.recommend(List.of("B", "A", "C"), 4), model.recommend(List.of("C", "A", "B", "A", "C"), 4));
        }

        @Test
        void aHistoryGivesTheSameAsItsSkus() {
            Instant t = Instant.parse("2024-01-01T10:00:00Z");
            CustomerHistory h = CustomerHistory.of("c9", List.of(order("o1", "c9", t, "B"), order("o2", "c9", t, "C")));
            assertEquals(model.recommend(Set.of("B", "C"), 4), model.recommend(h, 4));
        }

        @Test
        void aReplacedModelIsNotKeptAliveByTheThreadsThatUsedIt() throws Exception {
            // Regression: a thread-local scratch area that pointed back at its model kept every model a pooled
            // thread had used reachable, so a nightly refit leaked the previous model per thread.
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                java.lang.ref.WeakReference<CoPurchaseModel> ref = useAndDrop(pool);
                for (int i = 0; i < 50 && ref.get() != null; i++) {
                    System.gc();
                    Thread.sleep(10);
                }
                assertTrue(ref.get() == null, "the model is still reachable after it was dropped");
            } finally {
                pool.shutdownNow();
            }
        }

        private java.lang.ref.WeakReference<CoPurchaseModel> useAndDrop(ExecutorService pool) throws Exception {
            CoPurchaseModel used = small(PLAIN).fit();
            pool.submit(() -> used.recommend(Set.of("A"), 3)).get();
            used.recommend(Set.of("A"), 3);
            return new java.lang.ref.WeakReference<>(used);
        }

        @Test
        void manyThreadsGetTheSameAnswers() throws Exception {
            List<Recommendation> expected = model.recommend(Set.of("B"), 4);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < 2_000; i++) {
                            if (!model.recommend(i % 2 == 0 ? Set.of("B") : Set.of("A", "C"), 4).equals(
                                    i % 2 == 0 ? expected : model.recommend(List.of("C", "A"), 4))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> r : results) {
                    assertTrue(r.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Json {
        final CoPurchaseModel model = small(PLAIN.withItemPattern("[A-Z]")).fit();

        @Test
        void roundTripsExactly() {
            CoPurchaseModel back = CoPurchaseModel.fromJson(model.toJson());
            assertEquals(model, back);
            assertEquals(model.hashCode(), back.hashCode());
            assertEquals(model.toJson(), back.toJson());
            assertEquals(model.recommend(Set.of("B"), 4), back.recommend(Set.of("B"), 4));
        }

        @Test
        void everyProblemIsReportedWithItsPath() {
            String json = model.toJson()
                    .replace("\"recall.co-purchase-model\"", "\"something-else\"")
                    .replace("\"neighbours\" : 5", "\"neighbours\" : 0")
                    .replace("[ \"B\", \"C\" ]", "[ \"B\", \"Z\" ]");
            ConfigException e = assertThrows(ConfigException.class, () -> CoPurchaseModel.fromJson(json));
            List<String> paths = e.problems().stream().map(ConfigProblem::path).toList();
            assertTrue(paths.contains("$.type"), e.getMessage());
            assertTrue(paths.contains("$.options.neighbours"), e.getMessage());
            assertTrue(paths.contains("$.items[0].neighbours[1]"), e.getMessage());
            assertTrue(e.getMessage().contains("expected the sku of an item of this model, found string \"Z\""),
                    e.getMessage());
        }

        @Test
        void itemsMustBeSortedAndSimilaritiesInRange() {
            String json = model.toJson().replace("\"sku\" : \"B\"", "\"sku\" : \"0\"");
            ConfigException e = assertThrows(ConfigException.class, () -> CoPurchaseModel.fromJson(json));
            assertTrue(e.getMessage().contains("$.items[1].sku: expected a sku after \"A\""), e.getMessage());
            String big = model.toJson().replaceFirst("\"similarities\" : \\[ [0-9.E-]+", "\"similarities\" : [ 1.5");
            ConfigException e2 = assertThrows(ConfigException.class, () -> CoPurchaseModel.fromJson(big));
            assertTrue(e2.getMessage().contains("$.items[0].similarities[0]: expected a similarity in (0, 1], found 1.5"),
                    e2.getMessage());
        }

        @Test
        void malformedJsonAndUnknownFieldsAreProblems() {
            assertThrows(ConfigException.class, () -> CoPurchaseModel.fromJson("{"));
            assertThrows(ConfigException.class, () -> CoPurchaseModel.fromJson("[]"));
            ConfigException e = assertThrows(ConfigException.class,
                    () -> CoPurchaseModel.fromJson(model.toJson().replace("\"customers\"", "\"clients\"")));
            assertTrue(e.getMessage().contains("$.clients"), e.getMessage());
            assertTrue(e.getMessage().contains("$.customers"), e.getMessage());
        }

        @Test
        void aBadItemPatternIsAProblem() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> CoPurchaseModel.fromJson(model.toJson().replace("\"[A-Z]\"", "\"[A-\"")));
            assertTrue(e.getMessage().contains("$.options.itemPattern"), e.getMessage());
        }
    }

    @Nested
    class BadInput {
        final CoPurchaseModel model = small(PLAIN).fit();

        @Test
        void optionsNameTheBadValue() {
            assertMessage("neighbours must be 1..1000 but was 0", () -> PLAIN.withNeighbours(0));
            assertMessage("shrinkage must be finite and >= 0 but was -1.0", () -> PLAIN.withShrinkage(-1));
            assertMessage("shrinkage must be finite and >= 0 but was NaN", () -> PLAIN.withShrinkage(Double.NaN));
            assertMessage("minCoPurchases must be at least 1 but was 0", () -> PLAIN.withMinCoPurchases(0));
            assertMessage("replenishableMinRepeatShare must be in (0, 1] but was 1.5",
                    () -> PLAIN.withReplenishable(2, 1.5));
            assertMessage("replenishableMinBuyers must be at least 1 but was 0", () -> PLAIN.withReplenishable(0, 0.5));
            assertMessage("item pattern '[a-' is not a valid regular expression", () -> PLAIN.withItemPattern("[a-"));
        }

        @Test
        void fittingNothingSaysWhy() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> CoPurchaseModel.newFitter(PLAIN.withItemPattern("[0-9]+")).add("c", "o", "POST").fit());
            assertTrue(e.getMessage().contains("without purchases: 0 lines added, 1 ignored"), e.getMessage());
        }

        @Test
        void blankAndNullIdsAreRejected() {
            CoPurchaseFitter fitter = CoPurchaseModel.newFitter(PLAIN);
            assertMessage("customer id, order id and sku must not be blank but were '', 'o', 'A'",
                    () -> fitter.add("", "o", "A"));
            NullPointerException e = assertThrows(NullPointerException.class, () -> fitter.add("c", null, "A"));
            assertEquals("orderId", e.getMessage());
        }

        @Test
        void recommendChecksItsArguments() {
            assertMessage("n must be >= 0 but was -1", () -> model.recommend(Set.of("A"), -1));
            assertThrows(NullPointerException.class, () -> model.recommend((java.util.Collection<String>) null, 3));
            List<String> withNull = new ArrayList<>();
            withNull.add(null);
            NullPointerException e = assertThrows(NullPointerException.class, () -> model.recommend(withNull, 3));
            assertEquals("bought contains a null sku", e.getMessage());
        }
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in \"" + e.getMessage() + "\"");
    }

    static OrderLine line(String sku) {
        return OrderLine.of(sku, Optional.empty(), 1, Money.of("1.00", "GBP"));
    }

    static Order order(String id, String customer, Instant at, String... skus) {
        List<OrderLine> lines = new ArrayList<>();
        for (String sku : skus) {
            lines.add(line(sku));
        }
        return new Order(id, customer, at, "web", lines);
    }
}
