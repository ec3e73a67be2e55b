package io.recall.generator;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogueTest {

    private final Catalogue catalogue = Catalogue.STANDARD;

    @Test
    void holdsTwoHundredProductsInTwelveCategories() {
        assertEquals(200, catalogue.items().size());
        assertEquals(List.of("home", "kitchen", "garden", "toys", "stationery", "fashion", "beauty", "electronics",
                "grocery", "pets", "books", "sports"), catalogue.categories());
        assertEquals(200, catalogue.items().stream().map(Catalogue.Item::sku).collect(Collectors.toSet()).size());
    }

    @Test
    void pricesArePositiveWithTwoDecimals() {
        for (Catalogue.Item item : catalogue.items()) {
            assertEquals(2, item.price().scale(), item.toString());
            assertTrue(item.price().compareTo(BigDecimal.ONE) >= 0, item.toString());
            assertTrue(item.price().compareTo(BigDecimal.valueOf(500)) < 0, item.toString());
        }
    }

    @Test
    void popularityIsSkewedLikeZipf() {
        Rng rng = new Rng(1);
        int draws = 100_000;
        Map<String, Long> counts = new java.util.HashMap<>();
        for (int i = 0; i < draws; i++) {
            counts.merge(catalogue.pick(rng).sku(), 1L, Long::sum);
        }
        long[] sorted = counts.values().stream().mapToLong(Long::longValue).sorted().toArray();
        long top = sorted[sorted.length - 1];
        long topTwenty = 0;
        for (int i = sorted.length - 20; i < sorted.length; i++) {
            topTwenty += sorted[i];
        }
        // Harmonic weights over 200 ranks: the top product takes about 17%, the top 20 about 61%.
        assertTrue(top > 0.14 * draws && top < 0.20 * draws, "top product " + top);
        assertTrue(topTwenty > 0.55 * draws && topTwenty < 0.67 * draws, "top twenty " + topTwenty);
    }

    @Test
    void pickingWithinACategoryStaysInIt() {
        Rng rng = new Rng(2);
        for (int c = 0; c < catalogue.categories().size(); c++) {
            var seen = new HashSet<String>();
            for (int i = 0; i < 200; i++) {
                Catalogue.Item item = catalogue.pickIn(c, rng);
                assertEquals(catalogue.categories().get(c), item.category());
                seen.add(item.sku());
            }
            assertTrue(seen.size() > 1, catalogue.categories().get(c));
        }
    }
}
