package io.recall.recommend;

import io.recall.config.ConfigException;
import io.recall.ingest.OrderEvent;
import io.recall.model.CurrencyMismatchException;
import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.recall.recommend.CoPurchaseModelTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CategoryAffinityTest {

    static final Instant T = Instant.parse("2024-01-01T10:00:00Z");
    static final Map<String, String> MAP = Map.of("mug", "kitchen", "pan", "kitchen", "lamp", "lighting",
            "card", "stationery");

    static OrderLine line(String sku, String amount) {
        return OrderLine.ofTotal(sku, Optional.empty(), 1, Money.of(amount, "GBP"));
    }

    static CustomerHistory history(String customer, OrderLine... lines) {
        return CustomerHistory.of(customer, List.of(new Order("o-" + customer, customer, T, "web", List.of(lines))));
    }

    /** Population: kitchen 60, lighting 30, stationery 10 (and 5 uncategorised). */
    static final List<CustomerHistory> POPULATION = List.of(
            history("c1", line("mug", "20"), line("lamp", "30")),
            history("c2", line("pan", "40"), line("card", "10"), line("gift-wrap", "5")));

    static final CategoryAffinity MODEL = CategoryAffinity.fit(POPULATION, Money.currency("GBP"), MAP);

    @Nested
    class Fitting {
        @Test
        void populationSharesOfCategorisedSpend() {
            assertEquals(List.of("kitchen", "lighting", "stationery"), MODEL.categories());
            assertEquals(0.6, MODEL.populationShare("kitchen"), 1e-15);
            assertEquals(0.3, MODEL.populationShare("lighting"), 1e-15);
            assertEquals(0, MODEL.populationShare("garden"));
            assertEquals(Money.of("100", "GBP"), MODEL.total());
            assertEquals(Money.of("5", "GBP"), MODEL.uncategorised());
            assertEquals(Optional.of(Money.of("60", "GBP")), MODEL.populationSpend("kitchen"));
            assertEquals(2, MODEL.customers());
        }

        @Test
        void aLinesOwnCategoryWinsOverTheMap() {
            OrderLine own = OrderLine.ofTotal("mug", Optional.of("gifts"), 1, Money.of("5", "GBP"));
            assertEquals(Optional.of("gifts"), MODEL.categoryOf(own));
            assertEquals(Optional.of("kitchen"), MODEL.categoryOf(line("mug", "5")));
            assertEquals(Optional.empty(), MODEL.categoryOf(line("gift-wrap", "5")));
        }

        @Test
        void importEventsFeedTheFitter() {
            CategoryAffinity.Fitter fitter = CategoryAffinity.newFitter(Money.currency("GBP"), Map.of());
            fitter.accept(new OrderEvent.PurchaseLine(2, "c1", "o1", T, "web",
                    OrderLine.ofTotal("x", Optional.of("toys"), 1, Money.of("3", "GBP"))));
            assertEquals(List.of("toys"), fitter.fit().categories());
        }
    }

    @Nested
    class Scoring {
        @Test
        void indexIsTheCustomersShareOverThePopulations() {
            CustomerHistory h = history("c9", line("lamp", "15"), line("mug", "5"), line("gift-wrap", "100"),
                    OrderLine.ofTotal("seeds", Optional.of("garden"), 1, Money.of("7", "GBP")));
            List<CategoryAffinity.Affinity> a = MODEL.affinities(h);
            assertEquals(List.of("lighting", "kitchen"), a.stream().map(CategoryAffinity.Affinity::category).toList());
            assertEquals(0.75, a.get(0).share(), 1e-15);
            assertEquals(0.3, a.get(0).populationShare(), 1e-15);
            assertEquals(2.5, a.get(0).index(), 1e-12);
            assertEquals(Money.of("15", "GBP"), a.get(0).spend());
            assertEquals(0.25 / 0.6, a.get(1).index(), 1e-12);
        }

        @Test
        void aCustomerWithoutCategorisedSpendHasNoAffinities() {
            assertEquals(List.of(), MODEL.affinities(history("c9", line("gift-wrap", "5"))));
        }

        @Test
        void amountsMustBeInTheModelsCurrencyAndNotNegative() {
            assertThrows(CurrencyMismatchException.class,
                    () -> MODEL.affinities(Map.of("kitchen", Money.of("5", "EUR"))));
            assertMessage("spend in kitchen must not be negative",
                    () -> MODEL.affinities(Map.of("kitchen", Money.of("-5", "GBP"))));
        }
    }

    @Nested
    class Json {
        @Test
        void roundTripsExactly() {
            CategoryAffinity back = CategoryAffinity.fromJson(MODEL.toJson());
            assertEquals(MODEL, back);
            assertEquals(MODEL.toJson(), back.toJson());
        }

        @Test
        void everyProblemHasItsPath() {
            String json = MODEL.toJson().replace("\"GBP\"", "\"XXX\"").replace("\"spend\" : \"60.00\"", "\"spend\" : \"-1\"");
            ConfigException e = assertThrows(ConfigException.class, () -> CategoryAffinity.fromJson(json));
            assertTrue(e.getMessage().contains("$.currency: expected an ISO 4217 currency code, found \"XXX\""),
                    e.getMessage());
            assertTrue(e.getMessage().contains("$.categories[0].spend: expected an amount > 0, found -1"), e.getMessage());
        }
    }

    @Nested
    class BadInput {
        @Test
        void nothingCategorisedCannotBeFitted() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> CategoryAffinity.fit(POPULATION, Money.currency("GBP"), Map.of()));
            assertTrue(e.getMessage().contains("no spend in any category (uncategorised spend 105.00 GBP)"),
                    e.getMessage());
        }

        @Test
        void linesInAnotherCurrencyAreRejected() {
            CategoryAffinity.Fitter fitter = CategoryAffinity.newFitter(Money.currency("EUR"), MAP);
            assertThrows(CurrencyMismatchException.class, () -> fitter.add("c1", line("mug", "3")));
        }

        @Test
        void blankMapEntriesAreRejected() {
            assertMessage("skuCategories maps 'mug' to ' '",
                    () -> CategoryAffinity.newFitter(Money.currency("GBP"), Map.of("mug", " ")));
        }
    }
}
