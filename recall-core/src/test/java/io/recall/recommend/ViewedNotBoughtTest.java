package io.recall.recommend;

import io.recall.model.CustomerHistory;
import io.recall.model.ProductView;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.recall.recommend.CoPurchaseModelTest.assertMessage;
import static io.recall.recommend.CoPurchaseModelTest.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ViewedNotBoughtTest {

    static final Instant NOW = Instant.parse("2024-03-15T12:00:00Z");
    static final ViewedNotBought POLICY = ViewedNotBought.of(Duration.ofDays(7), Duration.ofSeconds(30));

    static ProductView view(String sku, Duration ago, int seconds) {
        return new ProductView("c1", sku, NOW.minus(ago), Duration.ofSeconds(seconds));
    }

    static List<String> skus(List<Recommendation> list) {
        return list.stream().map(Recommendation::sku).toList();
    }

    static final CustomerHistory NOTHING = CustomerHistory.of("c1", List.of());

    @Nested
    class WhatQualifies {
        @Test
        void longestTotalDwellFirst() {
            List<Recommendation> list = POLICY.recommend(List.of(
                    view("A", Duration.ofDays(1), 40),
                    view("B", Duration.ofDays(2), 20), view("B", Duration.ofDays(3), 25),
                    view("C", Duration.ofHours(1), 31)), NOTHING, NOW, 10);
            assertEquals(List.of("B", "A", "C"), skus(list));
            assertEquals(new Recommendation("B", 45.0, Recommendation.Reason.VIEWED_NOT_BOUGHT, Optional.empty()),
                    list.get(0));
            assertEquals("viewed-not-bought", list.get(0).explanation());
        }

        @Test
        void aGlanceIsNotEnough() {
            assertEquals(List.of(), POLICY.recommend(List.of(view("A", Duration.ofDays(1), 29)), NOTHING, NOW, 10));
        }

        @Test
        void viewsOutsideTheWindowDoNotCount() {
            List<ProductView> views = List.of(view("A", Duration.ofDays(8), 100), view("B", Duration.ofDays(-1), 100),
                    view("C", Duration.ofDays(7), 100), view("D", Duration.ofDays(7).minusSeconds(1), 100));
            assertEquals(List.of("D"), skus(POLICY.recommend(views, NOTHING, NOW, 10)));
        }

        @Test
        void boughtAfterViewingIsNotRecommended() {
            CustomerHistory bought = CustomerHistory.of("c1", List.of(
                    order("o1", "c1", NOW.minus(Duration.ofDays(1)), "A"),
                    order("o2", "c1", NOW.minus(Duration.ofDays(30)), "B"),
                    order("o3", "c1", NOW.plus(Duration.ofDays(1)), "C")));
            List<ProductView> views = List.of(view("A", Duration.ofDays(2), 60), view("B", Duration.ofDays(2), 60),
                    view("C", Duration.ofDays(2), 60));
            // A was bought after the view; B only long before (interest again); C is bought after as-of.
            assertEquals(List.of("B", "C"), skus(POLICY.recommend(views, bought, NOW, 10)));
        }

        @Test
        void tiesGoToTheLatestViewThenTheSku() {
            List<ProductView> views = List.of(view("B", Duration.ofDays(2), 60), view("C", Duration.ofDays(1), 60),
                    view("A", Duration.ofDays(2), 60));
            assertEquals(List.of("C", "A", "B"), skus(POLICY.recommend(views, NOTHING, NOW, 10)));
            assertEquals(List.of("C"), skus(POLICY.recommend(views, NOTHING, NOW, 1)));
        }

        @Test
        void defaultsLookBackTwoWeeksForTenSeconds() {
            assertEquals(ViewedNotBought.of(Duration.ofDays(14), Duration.ofSeconds(10)), ViewedNotBought.defaults());
        }
    }

    @Nested
    class BadInput {
        @Test
        void anotherCustomersViewIsAnError() {
            ProductView theirs = new ProductView("c2", "A", NOW, Duration.ofMinutes(1));
            assertMessage("a view of A belongs to customer c2, not c1",
                    () -> POLICY.recommend(List.of(theirs), NOTHING, NOW, 3));
        }

        @Test
        void policyAndViewValuesAreChecked() {
            assertMessage("lookback must be positive but was PT0S", () -> ViewedNotBought.of(Duration.ZERO, Duration.ZERO));
            assertMessage("minDwell must not be negative", () -> ViewedNotBought.of(Duration.ofDays(1), Duration.ofSeconds(-1)));
            assertMessage("n must be >= 0 but was -1", () -> POLICY.recommend(List.of(), NOTHING, NOW, -1));
            assertMessage("dwell of a view of A by c1 must not be negative",
                    () -> new ProductView("c1", "A", NOW, Duration.ofSeconds(-1)));
            assertMessage("sku of a view by c1 is blank", () -> new ProductView("c1", " ", NOW, Duration.ZERO));
            assertThrows(NullPointerException.class, () -> new ProductView("c1", "A", null, Duration.ZERO));
        }
    }
}
