package io.recall.rfm;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static io.recall.rfm.Histories.order;
import static io.recall.rfm.Histories.refund;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RfmCalculatorTest {

    static final RfmCalculator GBP = RfmCalculator.of(RfmOptions.of(Money.currency("GBP")));
    static final LocalDate AS_OF = LocalDate.of(2024, 3, 31);

    static final CustomerHistory ALICE = CustomerHistory.of("alice", List.of(
            order("o1", "alice", "2024-01-01T10:00:00Z", "10.00"),
            order("o2", "alice", "2024-03-01T10:00:00Z", "25.50"),
            order("o3", "alice", "2024-03-01T18:00:00Z", "4.50")));

    @Nested
    class Metrics {
        @Test
        void recencyFrequencyMonetaryAndTenureAsOfADate() {
            RfmMetrics m = GBP.compute(ALICE, AS_OF).orElseThrow();
            assertEquals(30, m.recencyDays());
            assertEquals(3, m.frequency());
            assertEquals(Money.of("40.00", "GBP"), m.monetary());
            assertEquals(90, m.tenureDays());
        }

        @Test
        void aPurchaseOnTheAsOfDayHasRecencyZero() {
            assertEquals(0, GBP.compute(ALICE, LocalDate.of(2024, 3, 1)).orElseThrow().recencyDays());
        }

        @Test
        void distinctDaysCountTwoOrdersOnOneDayOnce() {
            RfmCalculator days = RfmCalculator.of(GBP.options().withFrequencyBasis(FrequencyBasis.DISTINCT_DAYS));
            assertEquals(2, days.compute(ALICE, AS_OF).orElseThrow().frequency());
        }

        @Test
        void averageIsPerOccasionRoundedHalfEven() {
            RfmCalculator average = RfmCalculator.of(GBP.options().withMonetaryBasis(MonetaryBasis.AVERAGE));
            assertEquals(Money.of("13.33", "GBP"), average.compute(ALICE, AS_OF).orElseThrow().monetary());
        }

        @Test
        void eventsAfterTheAsOfDateAreIgnored() {
            RfmMetrics m = GBP.compute(ALICE, LocalDate.of(2024, 2, 1)).orElseThrow();
            assertEquals(1, m.frequency());
            assertEquals(Money.of("10", "GBP"), m.monetary());
            assertEquals(Optional.empty(), GBP.compute(ALICE, LocalDate.of(2023, 12, 31)));
        }

        @Test
        void daysFollowTheShopsTimeZone() {
            // 23:30 UTC on 1 March is already 2 March in Shanghai.
            CustomerHistory late = CustomerHistory.of("c", List.of(order("o", "c", "2024-03-01T23:30:00Z", "1")));
            RfmCalculator shanghai = RfmCalculator.of(GBP.options().withZone(ZoneId.of("Asia/Shanghai")));
            assertEquals(1, GBP.compute(late, LocalDate.of(2024, 3, 2)).orElseThrow().recencyDays());
            assertEquals(0, shanghai.compute(late, LocalDate.of(2024, 3, 2)).orElseThrow().recencyDays());
        }
    }

    @Nested
    class Refunds {
        @Test
        void refundsAreNettedFromMonetary() {
            CustomerHistory h = CustomerHistory.of("alice", ALICE.orders(),
                    List.of(refund("r1", "alice", "2024-03-05T10:00:00Z", "5.50", Optional.of("o2"))));
            RfmMetrics m = GBP.compute(h, AS_OF).orElseThrow();
            assertEquals(Money.of("34.50", "GBP"), m.monetary());
            assertEquals(3, m.frequency(), "a partial refund leaves the purchase standing");
        }

        @Test
        void aFullyRefundedLinkedOrderIsNoPurchase() {
            CustomerHistory h = CustomerHistory.of("alice", ALICE.orders(),
                    List.of(refund("r1", "alice", "2024-03-02T10:00:00Z", "25.50", Optional.of("o2")),
                            refund("r2", "alice", "2024-03-02T10:00:00Z", "4.50", Optional.of("o3"))));
            RfmMetrics m = GBP.compute(h, AS_OF).orElseThrow();
            assertEquals(1, m.frequency());
            assertEquals(90, m.recencyDays(), "recency falls back to the last purchase that stood");
            assertEquals(Money.of("10.00", "GBP"), m.monetary());
        }

        @Test
        void everythingCancelledMeansNoMetrics() {
            CustomerHistory h = CustomerHistory.of("bob", List.of(order("o1", "bob", "2024-01-01T10:00:00Z", "10")),
                    List.of(refund("r1", "bob", "2024-01-01T11:00:00Z", "10", Optional.of("o1"))));
            assertEquals(Optional.empty(), GBP.compute(h, AS_OF));
        }

        @Test
        void refundsReachingBeforeTheDataMayMakeMonetaryNegative() {
            CustomerHistory h = CustomerHistory.of("bob", List.of(order("o1", "bob", "2024-01-01T10:00:00Z", "10")),
                    List.of(refund("r1", "bob", "2024-01-02T10:00:00Z", "30", Optional.empty())));
            assertEquals(Money.of("-20", "GBP"), GBP.compute(h, AS_OF).orElseThrow().monetary());
        }

        @Test
        void aRefundBeforeItsOrderIsRejectedAsDatesOutOfOrder() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CustomerHistory.of("bob",
                    List.of(order("o1", "bob", "2024-01-05T10:00:00Z", "10")),
                    List.of(refund("r1", "bob", "2024-01-01T10:00:00Z", "5", Optional.of("o1")))));
            assertTrue(e.getMessage().contains("dates out of order"), e.getMessage());
            assertTrue(e.getMessage().contains("r1") && e.getMessage().contains("o1"), e.getMessage());
        }
    }

    @Nested
    class Currencies {
        @Test
        void anotherCurrencyWithoutConverterIsAnError() {
            CustomerHistory h = CustomerHistory.of("c", List.of(order("o1", "c", "2024-01-01T10:00:00Z", "10", "USD")));
            assertThrows(CurrencyMismatchException.class, () -> GBP.compute(h, AS_OF));
        }

        @Test
        void aConverterTurnsOtherCurrenciesExactly() {
            CurrencyConverter usdToGbp = (amount, target, at) -> amount.currency().equals(target) ? amount
                    : new Money(amount.amount().multiply(new BigDecimal("0.8")), target);
            CustomerHistory h = CustomerHistory.of("c", List.of(
                    order("o1", "c", "2024-01-01T10:00:00Z", "10.00", "USD"),
                    order("o2", "c", "2024-01-02T10:00:00Z", "1.00", "GBP")));
            RfmMetrics m = RfmCalculator.of(GBP.options().withConverter(usdToGbp)).compute(h, AS_OF).orElseThrow();
            assertEquals(Money.of("9.00", "GBP"), m.monetary());
        }
    }

    @Test
    void theSameOrderFromTwoSourcesCountsOnce() {
        CustomerHistory h = CustomerHistory.of("alice", List.of(
                order("o1", "alice", "2024-01-01T10:00:00Z", "10.00"),
                order("o1", "alice", "2024-01-01T10:00:00Z", "10.00")));
        assertEquals(1, h.orders().size());
        RfmMetrics m = GBP.compute(h, AS_OF).orElseThrow();
        assertEquals(1, m.frequency());
        assertTrue(m.monetary().equals(Money.of("10", "GBP")));
    }
}
