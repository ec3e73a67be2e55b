package io.recall.recommend;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The target on real data: train to 2011-09-30, test after; hit rate at 10 at least twice popularity's. */
class OnlineRetailEvaluationTest {

    static Evaluation.TimeSplit split;
    static CoPurchaseModel model;
    static Evaluation.Result result;
    static Evaluation.Result discovery;

    @BeforeAll
    static void evaluate() throws IOException {
        RecommendOptions options = RecommendOptions.defaults().withItemPattern(RecommendOptions.ONLINE_RETAIL_PRODUCTS);
        split = Evaluation.timeSplit(LocalDate.of(2011, 9, 30), ZoneId.of("Europe/London"), options);
        OrderImporter.read(SharedData.onlineRetail(), InputFormat.ONLINE_RETAIL, ImportOptions.defaults(), split,
                ProgressListener.NONE);
        long start = System.nanoTime();
        model = split.fit();
        long fitted = System.nanoTime();
        result = Evaluation.evaluate(model, split.training(), split.test(), 10);
        long evaluated = System.nanoTime();
        discovery = Evaluation.evaluate(split.fit(model.options().withoutReplenishables()), split.training(),
                split.test(), 10);
        System.out.printf("Online Retail, train to 2011-09-30: %s%nfit %d ms, evaluate %d ms; %s%n"
                        + "without replenishables (new items only): %s%n", result.describe(),
                (fitted - start) / 1_000_000, (evaluated - fitted) / 1_000_000, model, discovery.describe());
    }

    @Test
    void hitRateAtTenIsAtLeastTwiceThePopularityBaselines() {
        assertTrue(result.recall().hitRate() >= 2 * result.popularity().hitRate(), result.describe());
    }

    @Test
    void itCoversFarMoreOfTheCatalogueThanPopularity() {
        assertTrue(result.recall().coverage() >= 0.3, result.describe());
        assertTrue(result.popularity().coverage() < 0.05, result.describe());
    }

    @Test
    void itBeatsPopularityThatMayAlsoOfferReplenishables() {
        assertTrue(result.recall().hitRate() >= 1.2 * result.popularityWithReplenishment().hitRate(), result.describe());
    }

    @Test
    void withoutReplenishablesItBeatsPopularityOnNewItems() {
        // Like for like: neither list offers anything the customer has; only never-bought items can hit.
        assertEquals(discovery.recall().hitRate(), discovery.recall().newItemHitRate(), discovery.describe());
        assertTrue(discovery.recall().hitRate() >= 1.4 * discovery.popularity().hitRate(), discovery.describe());
    }

    @Test
    void theWhiteHangingHeartIsBoughtWithTheRedOne() {
        // 85123A WHITE HANGING HEART T-LIGHT HOLDER, 21733 RED HANGING HEART T-LIGHT HOLDER;
        // 22423 REGENCY CAKESTAND 3 TIER with the 2269x REGENCY TEACUP AND SAUCER colours.
        assertEquals("21733", model.similar("85123A", 1).get(0).sku());
        assertEquals(java.util.Set.of("22697", "22698", "22699"), model.similar("22423", 3).stream()
                .map(Neighbour::sku).collect(java.util.stream.Collectors.toSet()));
        assertTrue(model.isReplenishable("85123A"));
        assertTrue(model.skus().stream().noneMatch(s -> s.equals("POST") || s.equals("M")));
    }

    @Test
    void theFittedModelRoundTripsThroughJson() {
        assertEquals(model, CoPurchaseModel.fromJson(model.toJson()));
    }

    @Test
    void customersInBothPeriodsAreEvaluated() {
        // 3,613 customers bought a product by 2011-09-30, 2,559 after; 1,838 in both.
        assertEquals(1_838, result.recall().customers(), result.describe());
        assertEquals(3_613, model.customers());
    }
}
