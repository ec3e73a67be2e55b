package io.recall.segment;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.rfm.Binning;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmenterTest {

    static final RfmOptions GBP = RfmOptions.of(Money.currency("GBP"));
    static final ScoringModel FIVE = ScoringModel.given(GBP, List.of(30, 90, 180, 365), List.of(1, 2, 4, 8),
            List.of(Money.of("50", "GBP"), Money.of("100", "GBP"), Money.of("250", "GBP"), Money.of("1000", "GBP")));
    static final Segmenter RFM11 = Segmenter.of(FIVE, SegmentScheme.builtIn("rfm11"));

    @Test
    void theThreeNumberOverloadAgreesWithMetricsAndHistory() {
        CustomerHistory history = CustomerHistory.of("c", List.of(
                new Order("o1", "c", Instant.parse("2024-05-01T10:00:00Z"), "web",
                        List.of(OrderLine.of("A", Optional.empty(), 2, Money.of("150", "GBP")))),
                new Order("o2", "c", Instant.parse("2024-06-20T10:00:00Z"), "web",
                        List.of(OrderLine.of("B", Optional.empty(), 1, Money.of("40", "GBP"))))));
        LocalDate asOf = LocalDate.of(2024, 6, 30);
        RfmMetrics metrics = new RfmMetrics("c", 10, 2, Money.of("340", "GBP"), 60);
        Segment byNumbers = RFM11.classify(10, 2, 34_000);
        assertEquals(byNumbers, RFM11.classify(metrics));
        assertEquals(Optional.of(byNumbers), RFM11.classify(history, asOf));
        assertEquals(byNumbers, RFM11.classify(10, 2, Money.of("340.00", "GBP")));
        // r=5 (10 days), f=2, m=4 (340 > 250): fm = 3 -> potential loyalist
        assertEquals("potential-loyalist", byNumbers.id());
        assertEquals(byNumbers, RFM11.classification(metrics).segment());
    }

    @Test
    void championsAndLostAtTheCorners() {
        assertEquals("champions", RFM11.classify(0, 50, 1_000_000).id());
        assertEquals("lost", RFM11.classify(1000, 1, 100).id());
        assertEquals("cant-lose-them", RFM11.classify(1000, 50, 1_000_000).id());
        assertEquals("new", RFM11.classify(3, 1, 100).id());
    }

    @Test
    void aNoPurchaseHistoryHasNoSegment() {
        assertEquals(Optional.empty(), RFM11.classify(CustomerHistory.of("c", List.of()), LocalDate.of(2024, 1, 1)));
    }

    @Test
    void schemesWithMetricConditionsAreEvaluatedInOrder() {
        Segment whale = Segment.of("whale", "Whale");
        Segment lapsed = Segment.of("lapsed", "Lapsed");
        Segment rest = Segment.of("rest", "Rest");
        SegmentScheme scheme = SegmentScheme.newBuilder("metrics", 5).currency(Money.currency("GBP"))
                .segment(whale, Condition.atLeast(Field.MONETARY, 500_000))
                .segment(lapsed, Condition.atLeast(Field.RECENCY_DAYS, 400))
                .fallback(rest).build();
        Segmenter segmenter = Segmenter.of(FIVE, scheme);
        assertEquals(whale, segmenter.classify(900, 1, 500_000));
        assertEquals(lapsed, segmenter.classify(900, 1, 499_999));
        assertEquals(rest, segmenter.classify(399, 1, 499_999));
    }

    @Test
    void aTenureConditionNeedsTheOverloadThatCarriesIt() {
        Segment loyal = Segment.of("veteran", "Veteran");
        SegmentScheme scheme = SegmentScheme.newBuilder("tenure", 5)
                .segment(loyal, Condition.atLeast(Field.TENURE_DAYS, 365))
                .fallback(Segment.of("rest", "Rest")).build();
        Segmenter segmenter = Segmenter.of(FIVE, scheme);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> segmenter.classify(1, 1, 1));
        assertTrue(e.getMessage().contains("tenureDays"));
        assertEquals(loyal, segmenter.classify(1, 1, 1, 400));
        assertEquals("rest", segmenter.classify(new RfmMetrics("c", 1, 1, Money.of("1", "GBP"), 100)).id());
    }

    @Test
    void theModelAndSchemeMustAgreeOnLevels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Segmenter.of(FIVE, SegmentScheme.builtIn("seed4")));
        assertTrue(e.getMessage().contains("2 score levels"), e.getMessage());
    }

    @Test
    void aConverterLetsHistoriesInOtherCurrenciesBeClassified() {
        CustomerHistory dollars = CustomerHistory.of("c", List.of(new Order("o1", "c", Instant.parse("2024-06-20T10:00:00Z"),
                "web", List.of(OrderLine.of("A", Optional.empty(), 1, Money.of("1000", "USD"))))));
        LocalDate asOf = LocalDate.of(2024, 6, 30);
        assertThrows(CurrencyMismatchException.class, () -> RFM11.classify(dollars, asOf));
        Segmenter converting = Segmenter.of(FIVE, SegmentScheme.builtIn("rfm11"), (amount, target, at) ->
                new Money(amount.amount().multiply(new java.math.BigDecimal("0.80")), target));
        // 800 GBP: m=4 (> 250), f=1, r=5: fm = 3 -> potential loyalist
        assertEquals(Optional.of(RFM11.classify(10, 1, 80_000)), converting.classify(dollars, asOf));
    }

    @Test
    void metricsInAnotherCurrencyAreRefused() {
        assertThrows(CurrencyMismatchException.class,
                () -> RFM11.classify(new RfmMetrics("c", 1, 1, Money.of("1", "USD"), 1)));
    }

    @Test
    void fittedTwoLevelModelFeedsSeed4() {
        int[] r = {1, 100, 5, 300};
        int[] f = {9, 1, 1, 8};
        long[] m = {90_000, 100, 80_000, 70_000};
        ScoringModel two = ScoringModel.fit(r, f, m, 2, Binning.QUANTILE, GBP, LocalDate.of(2024, 1, 1));
        Segmenter seed4 = Segmenter.of(two, SegmentScheme.builtIn("seed4"));
        assertEquals("important-value", seed4.classify(1, 9, 90_000).id());
        assertEquals("general", seed4.classify(100, 1, 100).id());
        assertEquals("important-keep", seed4.classify(5, 1, 80_000).id());
        assertEquals("important-develop", seed4.classify(300, 8, 70_000).id());
    }
}
