package io.recall.predict;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.model.Refund;
import io.recall.model.RefundKind;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BtydSummariesTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    static Order order(String id, String at, String amount) {
        return new Order(id, "c1", Instant.parse(at), "online",
                List.of(OrderLine.ofTotal("SKU", Optional.empty(), 1, Money.of(amount, "GBP"))));
    }

    static Refund refund(String id, String at, String amount, String orderId) {
        return new Refund(id, "c1", Instant.parse(at), RefundKind.RETURN, Optional.ofNullable(orderId), "online",
                Money.of(amount, "GBP"), List.of());
    }

    @Nested
    class FromHistories {
        @Test
        void purchasesCountOncePerLocalDayAndTimesAreFromTheFirstPurchase() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(
                    order("o1", "2024-01-01T10:00:00Z", "10.00"),
                    order("o2", "2024-01-01T18:00:00Z", "5.00"),    // same day: one occasion
                    order("o3", "2024-01-15T09:00:00Z", "20.00"),
                    order("o4", "2024-01-15T23:30:00Z", "4.00"),    // 23:30 UTC is still the 15th in London (GMT)
                    order("o5", "2024-01-29T12:00:00Z", "30.00"),
                    order("o6", "2024-03-01T12:00:00Z", "99.00"))); // after the as-of date
            BtydSummary s = BtydSummaries.of(h, LocalDate.of(2024, 2, 12), LONDON, PeriodUnit.WEEKS).orElseThrow();
            assertEquals(2, s.repeatPurchases());
            assertEquals(4.0, s.timeOfLastPurchase(), 1e-12);
            assertEquals(6.0, s.ageAtEnd(), 1e-12);
            assertEquals(2.0, s.timeSinceLastPurchase(), 1e-12);
            assertEquals(Optional.of(Money.of("27.00", "GBP")), s.meanRepeatSpend(), "(24 + 30) / 2");
            BtydSummary days = BtydSummaries.of(h, LocalDate.of(2024, 2, 12), LONDON, PeriodUnit.DAYS).orElseThrow();
            assertEquals(28.0, days.timeOfLastPurchase());
            assertEquals(42.0, days.ageAtEnd());
        }

        @Test
        void theShopsZoneDecidesTheDay() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(order("o1", "2024-06-01T10:00:00Z", "1"),
                    order("o2", "2024-06-01T23:30:00Z", "1")));
            // In London (BST) 23:30 UTC is already 2 June: a second purchase day.
            assertEquals(1, BtydSummaries.of(h, LocalDate.of(2024, 6, 30), LONDON, PeriodUnit.DAYS).orElseThrow()
                    .repeatPurchases());
            assertEquals(0, BtydSummaries.of(h, LocalDate.of(2024, 6, 30), ZoneOffset.UTC, PeriodUnit.DAYS).orElseThrow()
                    .repeatPurchases());
        }

        @Test
        void aWhollyRefundedOrderIsNoPurchaseAndAPartialRefundLowersSpend() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(
                    order("o1", "2024-01-01T10:00:00Z", "10.00"),
                    order("o2", "2024-01-08T10:00:00Z", "50.00"),
                    order("o3", "2024-01-22T10:00:00Z", "40.00")), List.of(
                    refund("r1", "2024-01-09T10:00:00Z", "50.00", "o2"),
                    refund("r2", "2024-01-23T10:00:00Z", "10.00", "o3"),
                    refund("r3", "2024-01-23T10:00:00Z", "5.00", null)));
            BtydSummary s = BtydSummaries.of(h, LocalDate.of(2024, 1, 29), ZoneOffset.UTC, PeriodUnit.WEEKS).orElseThrow();
            assertEquals(1, s.repeatPurchases());
            assertEquals(3.0, s.timeOfLastPurchase(), 1e-12);
            assertEquals(Optional.of(Money.of("30.00", "GBP")), s.meanRepeatSpend());
            // As of the day of o2, its refund had not happened yet.
            BtydSummary before = BtydSummaries.of(h, LocalDate.of(2024, 1, 8), ZoneOffset.UTC, PeriodUnit.WEEKS).orElseThrow();
            assertEquals(1, before.repeatPurchases());
        }

        @Test
        void aCustomerWithoutPurchasesByTheDateHasNoSummary() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(order("o1", "2024-05-01T10:00:00Z", "1")));
            assertEquals(Optional.empty(), BtydSummaries.of(h, LocalDate.of(2024, 4, 30), ZoneOffset.UTC, PeriodUnit.DAYS));
        }

        @Test
        void theHoldoutCountsLaterPurchaseDaysAndLateComersAreCounted() {
            CustomerHistory early = CustomerHistory.of("c1", List.of(order("o1", "2024-01-01T10:00:00Z", "1"),
                    order("o2", "2024-02-01T10:00:00Z", "1"), order("o3", "2024-02-01T12:00:00Z", "1"),
                    order("o4", "2024-02-20T10:00:00Z", "1"), order("o5", "2024-04-01T10:00:00Z", "1")));
            CustomerHistory late = CustomerHistory.of("c2", List.of(new Order("o9", "c2",
                    Instant.parse("2024-02-10T10:00:00Z"), "online",
                    List.of(OrderLine.ofTotal("SKU", Optional.empty(), 1, Money.of("1", "GBP"))))));
            CalibrationHoldout split = BtydSummaries.split(List.of(early, late), LocalDate.of(2024, 1, 31),
                    LocalDate.of(2024, 3, 31), ZoneOffset.UTC, PeriodUnit.DAYS);
            assertEquals(1, split.customers().size());
            assertEquals(1, split.customersFirstSeenInHoldout());
            HoldoutSummary h = split.customers().get(0);
            assertEquals(0, h.calibration().repeatPurchases());
            assertEquals(2, h.holdoutPurchases(), "1 Feb (twice) and 20 Feb; 1 Apr is after the holdout");
            assertEquals(Horizon.days(60), h.holdout());
        }

        @Test
        void currenciesMustNotMix() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(order("o1", "2024-01-01T10:00:00Z", "1"),
                    new Order("o2", "c1", Instant.parse("2024-01-02T10:00:00Z"), "online",
                            List.of(OrderLine.ofTotal("SKU", Optional.empty(), 1, Money.of("1", "EUR"))))));
            assertThrows(CurrencyMismatchException.class,
                    () -> BtydSummaries.of(h, LocalDate.of(2024, 2, 1), ZoneOffset.UTC, PeriodUnit.DAYS));
        }

        @Test
        void opportunitiesAreNotMadeUpFromDates() {
            assertThrows(IllegalArgumentException.class,
                    () -> BtydSummaries.of(List.of(), LocalDate.of(2024, 2, 1), ZoneOffset.UTC, PeriodUnit.OPPORTUNITIES));
        }
    }

    @Nested
    class OnCdnow {
        /**
         * The CDNOW sample's transactions, summarised per distinct day as of 1997-09-30 in weeks, give the
         * published summary file (x, t_x, T to its two decimals) and its mean repeat spend for every one of
         * the 2,357 customers.
         */
        @Test
        void theTransactionLogReproducesThePublishedSummaries() throws IOException {
            List<BtydSummary> ours = Datasets.cdnowSample().summaries(LocalDate.of(1997, 9, 30), PeriodUnit.WEEKS);
            Map<String, BtydSummary> byId = new HashMap<>();
            ours.forEach(s -> byId.put(s.customerId(), s));
            List<BtydSummary> published = Datasets.cdnowWithSpend();
            assertEquals(2_357, ours.size());
            int mismatches = 0;
            for (BtydSummary p : published) {
                BtydSummary s = byId.get(p.customerId());
                boolean same = s != null && s.repeatPurchases() == p.repeatPurchases()
                        && Math.abs(s.timeOfLastPurchase() - p.timeOfLastPurchase()) <= 0.005 + 1e-9
                        && Math.abs(s.ageAtEnd() - p.ageAtEnd()) <= 0.005 + 1e-9
                        && (p.repeatPurchases() == 0 || Math.abs(s.meanRepeatSpend().orElseThrow().amount().doubleValue()
                        - p.meanRepeatSpend().orElseThrow().amount().doubleValue()) <= 0.005 + 1e-9);
                if (!same) {
                    mismatches++;
                }
            }
            assertEquals(0, mismatches);
            assertTrue(Files.isRegularFile(SharedData.file("cdnow/CDNOW_sample.txt")));
        }
    }
}
