package io.recall.generator;

import io.recall.model.OrderLine;
import io.recall.model.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Currency;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasketFillerTest {

    private static final Currency GBP = Currency.getInstance("GBP");
    private final BasketFiller filler = new BasketFiller(Catalogue.STANDARD, GBP);

    private static double total(List<OrderLine> lines) {
        Money sum = Money.zero(GBP);
        for (OrderLine line : lines) {
            sum = sum.plus(line.amount());
        }
        return sum.amount().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(doubles = {10, 25, 60, 120, 250})
    void realisedTotalsComeCloseToTheDrawnValue(double target) {
        Rng rng = new Rng(3);
        int baskets = 2_000;
        double sum = 0;
        int close = 0;
        for (int i = 0; i < baskets; i++) {
            double total = total(filler.fill(target, filler.favourites(rng), rng));
            sum += total;
            close += total >= 0.7 * target && total <= 1.3 * target ? 1 : 0;
        }
        double ratio = sum / baskets / target;
        assertTrue(ratio > 0.85 && ratio < 1.15, "mean realised / drawn " + ratio);
        assertTrue(close > 0.85 * baskets, "baskets within 30% of the drawn value " + close);
    }

    @Test
    void aTinyValueStillBuysOneCheapProduct() {
        Rng rng = new Rng(4);
        for (int i = 0; i < 500; i++) {
            List<OrderLine> lines = filler.fill(0.01, filler.favourites(rng), rng);
            assertEquals(1, lines.size());
            assertEquals(1, lines.get(0).quantity());
        }
    }

    @Test
    void basketsHaveOneToSixDistinctLinesOfOneToThreeUnits() {
        Rng rng = new Rng(5);
        for (int i = 0; i < 2_000; i++) {
            List<OrderLine> lines = filler.fill(1 + rng.nextDouble() * 2_000, filler.favourites(rng), rng);
            assertFalse(lines.isEmpty());
            assertTrue(lines.size() <= 6);
            assertEquals(lines.size(), new HashSet<>(lines.stream().map(OrderLine::sku).toList()).size());
            for (OrderLine line : lines) {
                assertTrue(line.quantity() >= 1 && line.quantity() <= 3, line.toString());
            }
        }
    }

    @Test
    void favouritesAreTwoDistinctCategories() {
        Rng rng = new Rng(6);
        for (int i = 0; i < 1_000; i++) {
            int[] favourites = filler.favourites(rng);
            assertEquals(2, favourites.length);
            assertTrue(favourites[0] != favourites[1]);
        }
    }
}
