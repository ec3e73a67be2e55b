package io.recall.recommend;

import io.recall.ingest.OrderEvent;
import io.recall.model.Money;
import io.recall.model.OrderLine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.recall.recommend.CoPurchaseModelTest.PLAIN;
import static io.recall.recommend.CoPurchaseModelTest.assertMessage;
import static io.recall.recommend.CoPurchaseModelTest.small;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluationTest {

    final CoPurchaseModel model = small(PLAIN).fit();

    @Test
    void hitsFollowTheDefinitions() {
        // The model lists for {B}: A, C, D; popularity (not bought): A, C, D; popularity with replenishment: A, C, D.
        // For {A}: model B, C, A(replenish), D; popularity B, C, D; with replenishment B, A, C.
        Map<String, Set<String>> training = Map.of("x", Set.of("B"), "y", Set.of("A"), "z", Set.of("D"),
                "gone", Set.of("A"), "unknown", Set.of("Q"));
        Map<String, Set<String>> test = Map.of("x", Set.of("B", "D"), "y", Set.of("A"), "z", Set.of("B"),
                "unknown", Set.of("A"));
        Evaluation.Result r = Evaluation.evaluate(model, training, test, 3);
        // x, y and z are evaluated; "gone" bought nothing later, "unknown" bought nothing the model knows.
        assertEquals(3, r.recall().customers());
        // x: D (new) hits; y: A again, replenishable, hits via the model's third item; z: B (new) hits.
        assertEquals(new Evaluation.Figures(3, 3, 2, 4, 4), r.recall());
        // Popularity never offers A to y.
        assertEquals(new Evaluation.Figures(3, 2, 2, 4, 4), r.popularity());
        assertEquals(new Evaluation.Figures(3, 3, 2, 4, 4), r.popularityWithReplenishment());
        assertEquals(1.5, r.hitRateRatio(), 1e-15);
        assertEquals(1.0, r.recall().coverage());
    }

    @Test
    void aTimeSplitCutsAtTheEndOfTheLastTrainingDayInTheZone() {
        ZoneId london = ZoneId.of("Europe/London");
        Evaluation.TimeSplit split = Evaluation.timeSplit(LocalDate.of(2011, 9, 30), london, PLAIN.withItemPattern("[A-Z]"));
        Instant lastMinute = Instant.parse("2011-09-30T22:59:00Z"); // 23:59 BST
        Instant nextDay = Instant.parse("2011-09-30T23:00:00Z"); // 00:00 BST on 1 October
        split.accept(purchase("c1", "o1", lastMinute, "A"));
        split.accept(purchase("c1", "o1", lastMinute, "POST"));
        split.accept(purchase("c1", "o2", nextDay, "B"));
        assertEquals(Map.of("c1", Set.of("A")), split.training());
        assertEquals(Map.of("c1", Set.of("B")), split.test());
        assertEquals(List.of("A"), split.fit().skus());
        assertEquals(LocalDate.of(2011, 9, 30), split.lastTrainingDay());
    }

    @Test
    void nMustBePositive() {
        assertMessage("n must be at least 1 but was 0", () -> Evaluation.evaluate(model, Map.of(), Map.of(), 0));
    }

    static OrderEvent purchase(String customer, String order, Instant at, String sku) {
        return new OrderEvent.PurchaseLine(2, customer, order, at, "test",
                OrderLine.of(sku, Optional.empty(), 1, Money.of("1.00", "GBP")));
    }
}
