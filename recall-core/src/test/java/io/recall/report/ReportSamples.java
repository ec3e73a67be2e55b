package io.recall.report;

import io.recall.measure.ArmResult;
import io.recall.measure.CampaignResult;
import io.recall.measure.CellResult;
import io.recall.measure.Interval;
import io.recall.measure.MoneyInterval;
import io.recall.model.Money;
import io.recall.report.ReportData.BudgetLine;
import io.recall.report.ReportData.ChannelFunnel;
import io.recall.report.ReportData.Movement;
import io.recall.report.ReportData.OfferCount;
import io.recall.report.ReportData.RfCell;
import io.recall.report.ReportData.SegmentCount;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A sample report with every section filled, and a hostile variant whose free texts try to inject markup. */
final class ReportSamples {

    static final String HOSTILE = "<script>alert('x')</script> & \"Co\"";

    private ReportSamples() {
    }

    static Money gbp(String amount) {
        return Money.of(amount, "GBP");
    }

    static ArmResult arm(int customers, int converters, double low, double high, String revenue) {
        return new ArmResult(customers, converters,
                Optional.of(new Interval((double) converters / customers, low, high)), gbp(revenue));
    }

    static CellResult cell(String dim, String key, ArmResult t, ArmResult h, double u, double ul, double uh,
                           String inc, String incLow, String incHigh, String cost, double roi, double roiLow,
                           double roiHigh) {
        return new CellResult(dim, key, t, h, Optional.of(new Interval(u, ul, uh)),
                Optional.of(new MoneyInterval(gbp(inc), gbp(incLow), gbp(incHigh))), gbp(cost),
                Optional.of(new Interval(roi, roiLow, roiHigh)));
    }

    static CampaignResult campaign(String id, String segmentA, String segmentB) {
        CellResult overall = cell("campaign", id, arm(5000, 205, 0.0358, 0.0469, "16400.00"),
                arm(1000, 29, 0.0203, 0.0413, "2640.00"), 0.012, 0.004, 0.020, "3200.00", "1100.00", "5300.00",
                "940.00", 2.4042553191489362, 0.1702127659574468, 4.638297872340425);
        CellResult seg1 = cell("segment", segmentA, arm(2000, 110, 0.0458, 0.0660, "9100.00"),
                arm(400, 15, 0.0228, 0.0609, "1200.00"), 0.0175, -0.0046, 0.0361, "2300.00", "400.00", "4200.00",
                "520.00", 3.423076923076923, -0.23076923076923078, 7.076923076923077);
        CellResult seg2 = cell("segment", segmentB, arm(3000, 95, 0.0259, 0.0386, "7300.00"),
                arm(600, 14, 0.0139, 0.0389, "1440.00"), 0.0083, -0.0063, 0.0190, "900.00", "-600.00", "2400.00",
                "420.00", 1.1428571428571428, -2.4285714285714284, 4.714285714285714);
        CellResult email = cell("channel", "email", arm(3500, 150, 0.0366, 0.0501, "12000.00"),
                arm(700, 21, 0.0197, 0.0454, "1850.00"), 0.0129, -0.0016, 0.0250, "2750.00", "700.00", "4800.00",
                "700.00", 2.9285714285714284, 0.0, 5.857142857142857);
        CellResult sms = cell("channel", "sms", arm(1500, 55, 0.0282, 0.0475, "4400.00"),
                arm(300, 8, 0.0136, 0.0518, "790.00"), 0.0100, -0.0155, 0.0265, "450.00", "-900.00", "1800.00",
                "240.00", 0.875, -4.75, 6.5);
        return new CampaignResult(id, Duration.ofDays(14), 0.95, true, overall, List.of(seg1, seg2),
                List.of(email, sms), List.of("segment " + segmentB + ": holdout below 1,000 customers"));
    }

    /** The sample; {@code hostile} puts markup into every free text. */
    static ReportData sample(boolean hostile) {
        SegmentScheme scheme = SegmentScheme.builtIn("rfm11");
        List<SegmentCount> segments = new ArrayList<>();
        long[] sizes = {1320, 2210, 640, 980, 1750, 415, 530, 2890, 1105, 760, 3400};
        List<Segment> all = new ArrayList<>(scheme.segments());
        scheme.fallback().ifPresent(s -> {
            if (!all.contains(s)) {
                all.add(s);
            }
        });
        for (int i = 0; i < all.size(); i++) {
            Segment s = all.get(i);
            if (hostile && i == 0) {
                s = Segment.of(s.id(), HOSTILE, "<b>中文</b>");
            }
            segments.add(new SegmentCount(s, sizes[i % sizes.length]));
        }
        String a = all.get(0).id();
        String b = all.get(1).id();
        String c = all.get(2).id();
        List<Movement> moves = List.of(new Movement(ReportData.NEW, a, 310), new Movement(a, a, 900),
                new Movement(a, b, 120), new Movement(b, b, 1800), new Movement(b, c, 240), new Movement(c, c, 400),
                new Movement(c, ReportData.GONE, 75));
        List<RfCell> heat = new ArrayList<>();
        long[][] counts = {
                {812, 604, 377, 201, 95},
                {655, 702, 540, 318, 160},
                {480, 590, 655, 530, 301},
                {266, 410, 598, 744, 612},
                {120, 251, 433, 780, 1103}};
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                heat.add(new RfCell(r, f, counts[r - 1][f - 1]));
            }
        }
        List<OfferCount> offers = List.of(new OfferCount("percent-off", 2400, gbp("6120.50")),
                new OfferCount("amount-off", 1300, gbp("6500.00")),
                new OfferCount("free-shipping", 800, gbp("3192.00")),
                new OfferCount(hostile ? HOSTILE : "none", 500, gbp("0.00")));
        List<BudgetLine> budgets = List.of(new BudgetLine("win-back-q4", gbp("15812.50"), Optional.of(gbp("4187.50"))),
                new BudgetLine(hostile ? HOSTILE : "vip", gbp("940.00"), Optional.empty()));
        List<ChannelFunnel> funnels = List.of(new ChannelFunnel("email", 3500, 3391, 1480, 412, 150),
                new ChannelFunnel(hostile ? HOSTILE : "sms", 1500, 1462, 0, 188, 55));
        List<ReportData.SegmentOffer> perSegment = List.of(
                new ReportData.SegmentOffer(a, "vip-ten-off", "10.00 GBP off", 1210, 187, gbp("12100.00"), gbp("1870.00")),
                new ReportData.SegmentOffer(b, hostile ? HOSTILE : "develop-five-off", hostile ? HOSTILE : "5.00 GBP off",
                        973, 96, gbp("4865.00"), gbp("480.00")));
        List<ReportData.JourneyLine> journeys = List.of(
                new ReportData.JourneyLine("win-back-not-opened", 458, 1325, 332, 276, 126, 424, 19),
                new ReportData.JourneyLine(hostile ? HOSTILE : "win-back-clicked-no-purchase", 113, 503, 166, 163, 0,
                        107, 6));
        return new ReportData(hostile ? HOSTILE : "Winter win-back report", LocalDate.of(2026, 11, 24),
                Optional.of(LocalDate.of(2026, 8, 24)), Money.currency("GBP"), segments, moves, 5, heat, offers,
                budgets, funnels, List.of(campaign(hostile ? HOSTILE : "winter-win-back", a, b)), perSegment, journeys);
    }
}
