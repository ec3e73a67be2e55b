package io.recall.generator;

import io.recall.model.Customer;
import io.recall.model.CustomerHistory;
import io.recall.model.CustomerProfile;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.model.Refund;
import io.recall.model.RefundKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShopGeneratorTest {

    private static final ShopGenerator DEFAULT = ShopGenerator.newBuilder().build();
    private static List<Customer> shop;

    @BeforeAll
    static void generateDefaultShopOnce() {
        shop = DEFAULT.generate();
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(DEFAULT.zone()).toInstant();
    }

    private static double share(Predicate<Customer> predicate) {
        return shop.stream().filter(predicate).count() / (double) shop.size();
    }

    private static List<Order> allOrders() {
        return shop.stream().flatMap(c -> c.history().orders().stream()).toList();
    }

    private static List<Refund> allRefunds() {
        return shop.stream().flatMap(c -> c.history().refunds().stream()).toList();
    }

    @Nested
    class Settings {

        @Test
        void defaultsAreTheDocumentedOnes() {
            assertAll(
                    () -> assertEquals(42, DEFAULT.seed()),
                    () -> assertEquals(5_000, DEFAULT.customers()),
                    () -> assertEquals(LocalDate.of(2023, 1, 1), DEFAULT.start()),
                    () -> assertEquals(LocalDate.of(2024, 12, 31), DEFAULT.end()),
                    () -> assertEquals(Currency.getInstance("GBP"), DEFAULT.currency()),
                    () -> assertEquals(ZoneId.of("Europe/London"), DEFAULT.zone()),
                    () -> assertEquals("online", DEFAULT.source()));
        }

        @Test
        void fewerThanOneCustomerIsRejectedNamingTheCount() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ShopGenerator.newBuilder().customers(0).build());
            assertTrue(e.getMessage().contains("customers must be at least 1 but was 0"), e.getMessage());
        }

        @Test
        void endNotAfterStartIsRejectedNamingBothDates() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShopGenerator.newBuilder()
                    .start(LocalDate.of(2024, 3, 1)).end(LocalDate.of(2024, 3, 1)).build());
            assertTrue(e.getMessage().contains("end 2024-03-01 must be after start 2024-03-01"), e.getMessage());
        }

        @Test
        void datesOutsideTheSupportedYearsAreRejected() {
            IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
                    () -> ShopGenerator.newBuilder().start(LocalDate.of(1969, 12, 31)).build());
            assertTrue(early.getMessage().contains("1969-12-31"), early.getMessage());
            IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                    () -> ShopGenerator.newBuilder().end(LocalDate.of(2100, 1, 2)).build());
            assertTrue(late.getMessage().contains("2100-01-02"), late.getMessage());
        }

        @Test
        void blankSourceIsRejected() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ShopGenerator.newBuilder().source("  ").build());
            assertTrue(e.getMessage().contains("source must not be blank"), e.getMessage());
        }

        @Test
        void currencyWithoutMinorUnitIsRejectedNamingIt() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ShopGenerator.newBuilder().currency(Currency.getInstance("XAU")).build());
            assertTrue(e.getMessage().contains("XAU"), e.getMessage());
        }

        @Test
        void nullArgumentsFailAtOnce() {
            ShopGenerator.Builder builder = ShopGenerator.newBuilder();
            assertAll(
                    () -> assertThrows(NullPointerException.class, () -> builder.start(null)),
                    () -> assertThrows(NullPointerException.class, () -> builder.end(null)),
                    () -> assertThrows(NullPointerException.class, () -> builder.currency(null)),
                    () -> assertThrows(NullPointerException.class, () -> builder.zone(null)),
                    () -> assertThrows(NullPointerException.class, () -> builder.source(null)));
        }
    }

    @Nested
    class Determinism {

        @Test
        void sameSeedGivesEqualCustomers() {
            ShopGenerator generator = ShopGenerator.newBuilder().seed(-7).customers(300).build();
            assertEquals(generator.generate(), ShopGenerator.newBuilder().seed(-7).customers(300).build().generate());
        }

        @Test
        void differentSeedGivesDifferentCustomers() {
            List<Customer> other = ShopGenerator.newBuilder().seed(43).customers(100).build().generate();
            List<Customer> same = shop.subList(0, 100);
            assertNotEquals(same, other);
            long identicalHistories = java.util.stream.IntStream.range(0, 100)
                    .filter(i -> same.get(i).history().equals(other.get(i).history())).count();
            assertEquals(0, identicalHistories);
        }

        @Test
        void customerIsTheSameWhateverTheShopSize() {
            List<Customer> small = ShopGenerator.newBuilder().customers(100).build().generate();
            List<Customer> large = ShopGenerator.newBuilder().customers(1_000).build().generate();
            assertEquals(small, large.subList(0, 100));
        }

        @Test
        void parallelStreamYieldsTheSameCustomersInOrder() {
            ShopGenerator generator = ShopGenerator.newBuilder().customers(500).build();
            assertEquals(generator.generate(), generator.stream().parallel().toList());
        }

        @Test
        void streamMakesCustomersOnlyWhenConsumed() {
            ShopGenerator huge = ShopGenerator.newBuilder().customers(Integer.MAX_VALUE).build();
            List<String> ids = huge.stream().limit(3).map(Customer::id).toList();
            assertEquals(List.of("C000001", "C000002", "C000003"), ids);
        }

        @Test
        void changingOnlyTheCurrencyKeepsTheShape() {
            ShopGenerator euro = ShopGenerator.newBuilder().customers(200).currency(Currency.getInstance("EUR")).build();
            List<Customer> inEuro = euro.generate();
            for (int i = 0; i < 200; i++) {
                List<Order> pounds = shop.get(i).history().orders();
                List<Order> euros = inEuro.get(i).history().orders();
                assertEquals(pounds.size(), euros.size());
                for (int k = 0; k < pounds.size(); k++) {
                    assertEquals(pounds.get(k).total().amount(), euros.get(k).total().amount());
                }
            }
        }
    }

    @Nested
    class Invariants {

        @Test
        void customersAreSortedByIdAndIdsAreUnique() {
            List<String> ids = shop.stream().map(Customer::id).toList();
            assertEquals(5_000, ids.size());
            assertEquals("C000001", ids.get(0));
            assertEquals("C005000", ids.get(ids.size() - 1));
            assertEquals(ids.stream().sorted().toList(), ids);
            assertEquals(ids.size(), new HashSet<>(ids).size());
        }

        @Test
        void everyCustomerHasAnOrder() {
            assertTrue(shop.stream().allMatch(c -> !c.history().orders().isEmpty()));
        }

        @Test
        void everyOrderAndRefundLiesInThePeriod() {
            Instant start = startOf(DEFAULT.start());
            Instant end = startOf(DEFAULT.end());
            for (Order order : allOrders()) {
                assertFalse(order.placedAt().isBefore(start), order.id());
                assertTrue(order.placedAt().isBefore(end), order.id());
            }
            for (Refund refund : allRefunds()) {
                assertFalse(refund.at().isBefore(start), refund.id());
                assertTrue(refund.at().isBefore(end), refund.id());
            }
        }

        @Test
        void everyRefundNamesAnEarlierOrderOfTheSameCustomerAndDoesNotExceedIt() {
            for (Customer customer : shop) {
                Map<String, Order> orders = customer.history().orders().stream()
                        .collect(Collectors.toMap(Order::id, o -> o));
                for (Refund refund : customer.history().refunds()) {
                    Order order = orders.get(refund.orderId().orElseThrow());
                    assertTrue(order != null, refund.id());
                    assertFalse(refund.at().isBefore(order.placedAt()), refund.id());
                    assertTrue(refund.amount().compareTo(order.total()) <= 0, refund.id());
                    if (refund.kind() == RefundKind.CANCELLATION) {
                        assertEquals(order.total(), refund.amount(), refund.id());
                        assertNotEquals(customer.history().orders().get(0).id(), order.id(),
                                "the first order is never cancelled");
                    } else {
                        assertEquals(1, refund.lines().size(), refund.id());
                    }
                }
            }
        }

        @Test
        void orderAndRefundIdsAreUniqueAcrossTheShop() {
            List<String> ids = new ArrayList<>();
            allOrders().forEach(o -> ids.add(o.id()));
            allRefunds().forEach(r -> ids.add(r.id()));
            assertEquals(ids.size(), new HashSet<>(ids).size());
        }

        @Test
        void everyAmountIsExactInTheConfiguredCurrency() {
            Currency gbp = DEFAULT.currency();
            for (Order order : allOrders()) {
                assertEquals("online", order.source());
                for (OrderLine line : order.lines()) {
                    assertEquals(gbp, line.amount().currency());
                    assertTrue(line.unitPrice().amount().scale() <= 2, line.toString());
                    assertTrue(line.quantity() >= 1 && line.quantity() <= 3, line.toString());
                    assertEquals(line.unitPrice().times(line.quantity()), line.amount());
                }
                assertTrue(order.lines().size() <= 6, order.id());
            }
            for (Refund refund : allRefunds()) {
                assertEquals(gbp, refund.amount().currency());
            }
        }

        @Test
        void aCurrencyWithoutCentsGetsWholePrices() {
            ShopGenerator yen = ShopGenerator.newBuilder().customers(200).currency(Currency.getInstance("JPY")).build();
            for (Customer customer : yen.generate()) {
                for (Order order : customer.history().orders()) {
                    for (OrderLine line : order.lines()) {
                        assertEquals(Currency.getInstance("JPY"), line.unitPrice().currency());
                        assertTrue(line.unitPrice().amount().scale() <= 0, line.toString());
                        assertTrue(line.unitPrice().amount().signum() > 0, line.toString());
                    }
                }
            }
        }

        @Test
        void profilesUseOnlyReservedContactsAndAreUnique() {
            Set<String> emails = new HashSet<>();
            Set<String> phones = new HashSet<>();
            Set<String> members = new HashSet<>();
            for (Customer customer : shop) {
                CustomerProfile p = customer.profile();
                assertEquals(1, p.emails().size());
                String email = p.emails().get(0);
                assertTrue(email.matches("[a-z.]+\\.[0-9]+@example\\.(com|org|net)"), email);
                assertTrue(emails.add(email), email);
                for (String phone : p.phones()) {
                    boolean chinese = p.locale().orElseThrow().equals(Locale.forLanguageTag("zh-CN"));
                    assertTrue(chinese ? phone.matches("\\+86138[0-9]{8}")
                            : phone.matches("\\+44(7700900|1[1-6]\\d4960|1914980|2079460|2896496|2920180|1632960)"
                            + "[0-9]{3}"), phone);
                    assertTrue(phones.add(phone), phone);
                }
                p.memberId().ifPresent(m -> assertTrue(m.matches("M[0-9]{8}") && members.add(m), m));
                assertEquals(p.memberId().isPresent(), p.memberTier().isPresent());
                int year = p.birthYear().orElseThrow();
                assertTrue(year >= 1950 && year <= 2005, String.valueOf(year));
                assertTrue(p.name().isPresent() && p.gender().isPresent());
            }
        }

        @Test
        void chineseCustomersLiveInShanghaiAndOthersWriteBritishEnglish() {
            for (Customer customer : shop) {
                CustomerProfile p = customer.profile();
                boolean chinese = p.locale().orElseThrow().equals(Locale.forLanguageTag("zh-CN"));
                assertEquals(chinese, p.timeZone().orElseThrow().equals(ZoneId.of("Asia/Shanghai")), p.id());
                if (!chinese) {
                    assertEquals(Locale.forLanguageTag("en-GB"), p.locale().orElseThrow(), p.id());
                }
            }
        }
    }

    /** Loose bounds on 5,000 customers: they catch a broken process, not the noise of one seed. */
    @Nested
    class Realism {

        private int orderCount(Customer c) {
            return c.history().orders().size();
        }

        @Test
        void manyCustomersBuyOnceAndAFewBuyTenTimesOrMore() {
            double once = share(c -> orderCount(c) == 1);
            double tenOrMore = share(c -> orderCount(c) >= 10);
            assertTrue(once > 0.25 && once < 0.55, "one-time buyers " + once);
            assertTrue(tenOrMore > 0.02 && tenOrMore < 0.15, "ten or more orders " + tenOrMore);
        }

        @Test
        void manyRepeatBuyersHaveLapsedByTheLastQuarter() {
            long days = java.time.temporal.ChronoUnit.DAYS.between(DEFAULT.start(), DEFAULT.end());
            Instant lastQuarter = startOf(DEFAULT.start().plusDays(days * 3 / 4));
            List<Customer> repeat = shop.stream().filter(c -> orderCount(c) >= 2).toList();
            double lapsed = repeat.stream()
                    .filter(c -> c.history().orders().get(orderCount(c) - 1).placedAt().isBefore(lastQuarter))
                    .count() / (double) repeat.size();
            double active = 1 - lapsed;
            assertTrue(lapsed > 0.3, "lapsed repeat buyers " + lapsed);
            assertTrue(active > 0.2, "repeat buyers still active " + active);
        }

        @Test
        void acquisitionsFallInTheAcquisitionWindow() {
            long days = java.time.temporal.ChronoUnit.DAYS.between(DEFAULT.start(), DEFAULT.end());
            Instant limit = startOf(DEFAULT.start().plusDays((long) Math.ceil(days * Calibration.ACQUISITION_SHARE)));
            Instant halfway = startOf(DEFAULT.start().plusDays((long) (days * Calibration.ACQUISITION_SHARE / 2)));
            assertTrue(shop.stream().allMatch(c -> c.history().orders().get(0).placedAt().isBefore(limit)));
            double firstHalf = share(c -> c.history().orders().get(0).placedAt().isBefore(halfway));
            assertTrue(firstHalf > 0.4 && firstHalf < 0.6, "acquired in the first half of the window " + firstHalf);
        }

        @Test
        void aFifthOfCustomersBringMostOfTheRevenue() {
            double[] spend = shop.stream().mapToDouble(c -> c.history().orders().stream()
                    .map(o -> o.total().amount()).reduce(BigDecimal.ZERO, BigDecimal::add).doubleValue()).sorted().toArray();
            double total = Arrays.stream(spend).sum();
            double top = Arrays.stream(spend, spend.length * 4 / 5, spend.length).sum();
            assertTrue(top / total > 0.45 && top / total < 0.8, "top fifth's share " + top / total);
        }

        @Test
        void averageOrderValuesDifferBetweenCustomers() {
            double[] aov = shop.stream().mapToDouble(c -> c.history().orders().stream()
                    .mapToDouble(o -> o.total().amount().doubleValue()).average().orElseThrow()).sorted().toArray();
            double p10 = aov[aov.length / 10];
            double median = aov[aov.length / 2];
            double p90 = aov[aov.length * 9 / 10];
            assertTrue(median > 30 && median < 90, "median average order value " + median);
            assertTrue(p90 / p10 > 2.5, "p90 / p10 of average order values " + p90 / p10);
        }

        @Test
        void aboutFourPercentOfOrdersAreRefundedBothWays() {
            double rate = allRefunds().size() / (double) allOrders().size();
            assertTrue(rate > 0.03 && rate < 0.05, "refund rate " + rate);
            Map<RefundKind, Long> kinds = allRefunds().stream()
                    .collect(Collectors.groupingBy(Refund::kind, Collectors.counting()));
            assertTrue(kinds.getOrDefault(RefundKind.CANCELLATION, 0L) > 50, kinds.toString());
            assertTrue(kinds.get(RefundKind.RETURN) > kinds.get(RefundKind.CANCELLATION), kinds.toString());
        }

        @Test
        void novemberAndDecemberSellMoreThanSeptemberAndOctober() {
            Map<Month, Integer> byMonth = new HashMap<>();
            for (Order order : allOrders()) {
                ZonedDateTime at = order.placedAt().atZone(DEFAULT.zone());
                if (at.getYear() == 2023) {
                    byMonth.merge(at.getMonth(), 1, Integer::sum);
                }
            }
            // Both spans have 61 days, and customers are still arriving during both.
            double peak = byMonth.get(Month.NOVEMBER) + byMonth.get(Month.DECEMBER);
            double before = byMonth.get(Month.SEPTEMBER) + byMonth.get(Month.OCTOBER);
            assertTrue(peak / before > 1.2, "peak over pre-peak " + peak / before);
        }

        @Test
        void customersOrderInTheEveningMoreThanAtNightInTheirOwnZone() {
            int evening = 0;
            int night = 0;
            for (Customer customer : shop) {
                ZoneId home = customer.profile().timeZone().orElseThrow();
                for (Order order : customer.history().orders()) {
                    int hour = order.placedAt().atZone(home).getHour();
                    evening += hour >= 19 && hour < 22 ? 1 : 0;
                    night += hour >= 2 && hour < 5 ? 1 : 0;
                }
            }
            assertTrue(evening > 10 * night, "evening " + evening + ", night " + night);
        }

        @Test
        void profileSharesAreRoughlyAsDocumented() {
            double chinese = share(c -> c.profile().locale().orElseThrow().equals(Locale.forLanguageTag("zh-CN")));
            double newYork = share(c -> c.profile().timeZone().orElseThrow().equals(ZoneId.of("America/New_York")));
            double members = share(c -> c.profile().memberId().isPresent());
            double phones = share(c -> !c.profile().phones().isEmpty());
            assertAll(
                    () -> assertTrue(chinese > 0.07 && chinese < 0.13, "chinese " + chinese),
                    () -> assertTrue(newYork > 0.01 && newYork < 0.035, "new york " + newYork),
                    () -> assertTrue(members > 0.55 && members < 0.65, "members " + members),
                    () -> assertTrue(phones > 0.87 && phones < 0.93, "phones " + phones));
        }

        @Test
        void memberTiersFollowSpendAndGoldIsRarest() {
            Map<String, Long> tiers = shop.stream().flatMap(c -> c.profile().memberTier().stream())
                    .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
            assertEquals(Set.of("bronze", "silver", "gold"), tiers.keySet());
            assertTrue(tiers.get("gold") < tiers.get("silver") && tiers.get("silver") < tiers.get("bronze"),
                    tiers.toString());
            for (Customer customer : shop) {
                customer.profile().memberTier().ifPresent(tier -> {
                    Money net = netSpend(customer.history());
                    String expected = net.amount().compareTo(BigDecimal.valueOf(500)) >= 0 ? "gold"
                            : net.amount().compareTo(BigDecimal.valueOf(200)) >= 0 ? "silver" : "bronze";
                    assertEquals(expected, tier, customer.id() + " with " + net);
                });
            }
        }

        @Test
        void everyCategoryIsBoughtAndCustomersHaveFavourites() {
            Set<String> categories = allOrders().stream().flatMap(o -> o.lines().stream())
                    .map(l -> l.category().orElseThrow()).collect(Collectors.toSet());
            assertEquals(12, categories.size(), categories.toString());
            // With 60% of lines from two favourites, a loyal customer's top two categories dominate.
            List<Customer> loyal = shop.stream().filter(c -> orderCount(c) >= 8).toList();
            double topTwoShare = loyal.stream().mapToDouble(c -> {
                Map<String, Long> byCategory = c.history().orders().stream().flatMap(o -> o.lines().stream())
                        .collect(Collectors.groupingBy(l -> l.category().orElseThrow(), Collectors.counting()));
                long lines = byCategory.values().stream().mapToLong(Long::longValue).sum();
                long topTwo = byCategory.values().stream().sorted((a, b) -> Long.compare(b, a)).limit(2)
                        .mapToLong(Long::longValue).sum();
                return topTwo / (double) lines;
            }).average().orElseThrow();
            assertTrue(topTwoShare > 0.5, "top two categories' share of a loyal customer's lines " + topTwoShare);
        }

        private Money netSpend(CustomerHistory history) {
            Money sum = Money.zero(DEFAULT.currency());
            for (Order order : history.orders()) {
                sum = sum.plus(order.total());
            }
            for (Refund refund : history.refunds()) {
                sum = sum.minus(refund.amount());
            }
            return sum;
        }
    }
}
