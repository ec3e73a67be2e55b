package io.recall.predict;

import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.recall.predict.BtydSummariesTest.order;
import static io.recall.predict.BtydSummariesTest.refund;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpportunitySummariesTest {

    static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);

    static BtydSummary monthly(CustomerHistory h, LocalDate asOf) {
        List<BtydSummary> all = BtydSummaries.opportunities(List.of(h), JAN_1, asOf, ZoneOffset.UTC, OpportunityPeriod.MONTH);
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @Nested
    class FromHistories {
        /** Fader, Hardie and Shang (2010): the first purchase is time 0; x and t_x count the periods after it. */
        @Test
        void eachPeriodIsOneOpportunityAndTheFirstPurchasesPeriodIsTimeZero() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(
                    order("o1", "2024-01-05T10:00:00Z", "10"),
                    order("o2", "2024-01-20T10:00:00Z", "10"),   // same period as the first: not a repeat
                    order("o3", "2024-03-03T10:00:00Z", "10"),
                    order("o4", "2024-03-30T10:00:00Z", "10"),   // one opportunity, however many orders
                    order("o5", "2024-05-10T10:00:00Z", "10")));
            BtydSummary s = monthly(h, LocalDate.of(2024, 6, 30));
            assertEquals(BtydSummary.of("c1", 2, 4, 5, PeriodUnit.OPPORTUNITIES), s,
                    "February to June are 5 opportunities; March and May have a purchase, May is the 4th");
        }

        @Test
        void aPeriodStillUnderWayIsNotAnOpportunityYet() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(order("o1", "2024-01-05T10:00:00Z", "1"),
                    order("o2", "2024-06-10T10:00:00Z", "1")));
            assertEquals(BtydSummary.of("c1", 0, 0, 4, PeriodUnit.OPPORTUNITIES), monthly(h, LocalDate.of(2024, 6, 29)));
            assertEquals(BtydSummary.of("c1", 1, 5, 5, PeriodUnit.OPPORTUNITIES), monthly(h, LocalDate.of(2024, 6, 30)));
        }

        @Test
        void aCustomerFirstSeenInTheLastWholePeriodHasNoOpportunityYet() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(order("o1", "2024-06-05T10:00:00Z", "1")));
            assertEquals(BtydSummary.of("c1", 0, 0, 0, PeriodUnit.OPPORTUNITIES), monthly(h, LocalDate.of(2024, 6, 30)));
        }

        @Test
        void purchasesBeforeTheCalibrationStartAreNotSeen() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(order("o0", "2023-12-20T10:00:00Z", "1"),
                    order("o1", "2024-02-05T10:00:00Z", "1"), order("o2", "2024-03-05T10:00:00Z", "1")));
            assertEquals(BtydSummary.of("c1", 1, 1, 4, PeriodUnit.OPPORTUNITIES), monthly(h, LocalDate.of(2024, 6, 30)));
        }

        @Test
        void aWhollyRefundedOrderIsNoTransaction() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(
                    order("o1", "2024-01-05T10:00:00Z", "10"),
                    order("o2", "2024-02-05T10:00:00Z", "50"),
                    order("o3", "2024-03-05T10:00:00Z", "40")), List.of(
                    refund("r1", "2024-02-09T10:00:00Z", "50", "o2"),
                    refund("r2", "2024-03-09T10:00:00Z", "10", "o3")));
            assertEquals(BtydSummary.of("c1", 1, 2, 5, PeriodUnit.OPPORTUNITIES), monthly(h, LocalDate.of(2024, 6, 30)));
        }

        @Test
        void theShopsZoneDecidesThePeriod() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(order("o1", "2024-01-05T10:00:00Z", "1"),
                    order("o2", "2024-01-31T20:00:00Z", "1")));
            LocalDate asOf = LocalDate.of(2024, 3, 31);
            assertEquals(0, BtydSummaries.opportunities(List.of(h), JAN_1, asOf, ZoneOffset.UTC, OpportunityPeriod.MONTH)
                    .get(0).repeatPurchases());
            assertEquals(1, BtydSummaries.opportunities(List.of(h), JAN_1, asOf, ZoneId.of("Asia/Tokyo"),
                    OpportunityPeriod.MONTH).get(0).repeatPurchases(), "in Tokyo the second order is on 1 February");
        }

        @Test
        void weeksQuartersAndYearsCountTheSameWay() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(order("o1", "2024-01-01T10:00:00Z", "1"),
                    order("o2", "2024-01-09T10:00:00Z", "1"), order("o3", "2024-05-01T10:00:00Z", "1"),
                    order("o4", "2025-02-01T10:00:00Z", "1")));
            LocalDate asOf = LocalDate.of(2025, 12, 31);
            assertEquals(BtydSummary.of("c1", 1, 1, 1, PeriodUnit.OPPORTUNITIES), BtydSummaries.opportunities(List.of(h),
                    JAN_1, asOf, ZoneOffset.UTC, OpportunityPeriod.YEAR).get(0));
            assertEquals(BtydSummary.of("c1", 2, 4, 7, PeriodUnit.OPPORTUNITIES), BtydSummaries.opportunities(List.of(h),
                    JAN_1, asOf, ZoneOffset.UTC, OpportunityPeriod.QUARTER).get(0));
            BtydSummary weeks = BtydSummaries.opportunities(List.of(h), JAN_1, asOf, ZoneOffset.UTC,
                    OpportunityPeriod.WEEK).get(0);
            assertEquals(3, weeks.repeatPurchases());
            assertEquals(56, weeks.timeOfLastPurchase(), "1 Feb 2025 is in the week from 27 Jan, 56 weeks on");
            assertEquals(103, weeks.ageAtEnd(), "104 whole weeks end by 2025-12-28; the first is time 0");
        }

        @Test
        void theHoldoutCountsPeriodsWithAPurchaseAndLateComersAreCounted() {
            CustomerHistory early = CustomerHistory.of("c1", List.of(order("o1", "2024-01-05T10:00:00Z", "1"),
                    order("o2", "2024-04-02T10:00:00Z", "1"), order("o3", "2024-04-20T10:00:00Z", "1"),
                    order("o4", "2024-06-01T10:00:00Z", "1"), order("o5", "2024-07-01T10:00:00Z", "1")));
            CustomerHistory late = CustomerHistory.of("c2", List.of(new Order("o9", "c2",
                    Instant.parse("2024-05-10T10:00:00Z"), "online",
                    List.of(OrderLine.ofTotal("SKU", Optional.empty(), 1, Money.of("1", "GBP"))))));
            CalibrationHoldout split = BtydSummaries.opportunitySplit(List.of(early, late), JAN_1,
                    LocalDate.of(2024, 3, 31), LocalDate.of(2024, 6, 30), ZoneOffset.UTC, OpportunityPeriod.MONTH);
            assertEquals(1, split.customers().size());
            assertEquals(1, split.customersFirstSeenInHoldout());
            HoldoutSummary h = split.customers().get(0);
            assertEquals(BtydSummary.of("c1", 0, 0, 2, PeriodUnit.OPPORTUNITIES), h.calibration());
            assertEquals(2, h.holdoutPurchases(), "April (twice) and June; July is after the holdout");
            assertEquals(Horizon.opportunities(3), h.holdout());
        }

        @Test
        void noWholePeriodIsAClearError() {
            CustomerHistory h = CustomerHistory.of("c1", List.of(order("o1", "2024-01-05T10:00:00Z", "1")));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BtydSummaries.opportunities(List.of(h), JAN_1, LocalDate.of(2024, 1, 30), ZoneOffset.UTC,
                            OpportunityPeriod.MONTH));
            assertTrue(e.getMessage().contains("no whole month from the calibration start 2024-01-01 to 2024-01-30: the "
                    + "first one ends on 2024-01-31"), e.getMessage());
        }

        @Test
        void aMonthlyStartAfterThe28thIsRejected() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BtydSummaries.opportunities(List.of(), LocalDate.of(2024, 1, 31), LocalDate.of(2024, 6, 30),
                            ZoneOffset.UTC, OpportunityPeriod.MONTH));
            assertTrue(e.getMessage().contains("must fall on day 1 to 28"), e.getMessage());
        }

        @Test
        void periodsHaveCommandLineNamesAndCalendarStarts() {
            assertEquals(Optional.of(OpportunityPeriod.QUARTER), OpportunityPeriod.byId("quarter"));
            assertEquals(Optional.empty(), OpportunityPeriod.byId("fortnight"));
            LocalDate day = LocalDate.of(2024, 8, 15);
            assertEquals(LocalDate.of(2024, 8, 12), OpportunityPeriod.WEEK.calendarStart(day), "a Monday");
            assertEquals(LocalDate.of(2024, 8, 1), OpportunityPeriod.MONTH.calendarStart(day));
            assertEquals(LocalDate.of(2024, 7, 1), OpportunityPeriod.QUARTER.calendarStart(day));
            assertEquals(LocalDate.of(2024, 1, 1), OpportunityPeriod.YEAR.calendarStart(day));
        }
    }

    @Nested
    class OnRealData {
        /**
         * The CDNOW sample (2,357 customers, first purchases in the first quarter of 1997) by month, as of the
         * end of June 1998: 18 months, so n is 15 to 17, and BG/BB fits.
         */
        @Test
        void theCdnowSampleByMonthFitsBgBb() {
            List<BtydSummary> summaries = Datasets.cdnowSample().opportunitySummaries(LocalDate.of(1997, 1, 1),
                    LocalDate.of(1998, 6, 30), OpportunityPeriod.MONTH);
            assertEquals(2_357, summaries.size());
            assertEquals(15, summaries.stream().mapToDouble(BtydSummary::ageAtEnd).min().orElseThrow());
            assertEquals(17, summaries.stream().mapToDouble(BtydSummary::ageAtEnd).max().orElseThrow());
            BgBbModel model = BgBbModel.fit(summaries);
            FitReport fit = model.fit().orElseThrow();
            assertTrue(fit.standardErrors().available(), fit.toString());
            System.out.printf(Locale.ROOT, "%nCDNOW sample, monthly opportunities to 1998-06: %s, LL %.2f, SE %s%n",
                    model.parameters(), fit.logLikelihood(), fit.standardErrors().byParameter());
            // Few CDNOW customers come back month after month: transaction probabilities are low.
            assertTrue(model.alpha() / (model.alpha() + model.beta()) < 0.5, model.toString());
        }

        /** BG/BB on the grocery log by month: calibrate on 2006, predict the 12 months of 2007. */
        @Test
        void theGroceryLogByMonthPredictsItsHoldout() {
            CalibrationHoldout split = Datasets.grocery().opportunitySplit(LocalDate.of(2006, 1, 1),
                    LocalDate.of(2006, 12, 31), LocalDate.of(2007, 12, 31), OpportunityPeriod.MONTH);
            assertEquals(1_525, split.customers().size());
            assertEquals(Horizon.opportunities(12), split.customers().get(0).holdout());
            BgBbModel model = BgBbModel.fit(split.calibration());
            HoldoutAccuracy a = GoodnessOfFit.holdoutAccuracy(model, split.customers());
            System.out.printf(Locale.ROOT, "%ngrocery holdout 2007 by month (BG/BB, calibration 2006): %s, LL %.2f, "
                            + "MAE %.4f, RMSE %.4f, expected %.1f vs actual %d purchase months (%+.2f%%)%n",
                    model.parameters(), model.fit().orElseThrow().logLikelihood(), a.meanAbsoluteError(),
                    a.rootMeanSquaredError(), a.expectedTotal(), a.actualTotal(), 100 * a.aggregateError());
            assertTrue(a.meanAbsoluteError() < 2.0, a.toString());
            assertTrue(Math.abs(a.aggregateError()) < 0.25, a.toString());
        }

        /** The summaries agree with a count made here from the raw log, month by month. */
        @Test
        void theGrocerySummariesAgreeWithADirectCount() {
            LocalDate start = LocalDate.of(2006, 1, 1);
            LocalDate asOf = LocalDate.of(2007, 12, 31);
            List<BtydSummary> summaries = Datasets.grocery().opportunitySummaries(start, asOf, OpportunityPeriod.MONTH);
            java.util.Map<String, java.util.TreeSet<Integer>> months = new java.util.TreeMap<>();
            for (String[] row : Datasets.groceryRows()) {
                LocalDate day = LocalDate.parse(row[1].replace("\"", ""));
                months.computeIfAbsent(row[0].replace("\"", ""), k -> new java.util.TreeSet<>())
                        .add((day.getYear() - 2006) * 12 + day.getMonthValue() - 1);
            }
            List<BtydSummary> direct = new ArrayList<>();
            months.forEach((id, set) -> {
                int first = set.first();
                int x = set.size() - 1;
                direct.add(BtydSummary.of(id, x, x == 0 ? 0 : set.last() - first, 23 - first, PeriodUnit.OPPORTUNITIES));
            });
            assertEquals(direct, summaries);
        }
    }
}
