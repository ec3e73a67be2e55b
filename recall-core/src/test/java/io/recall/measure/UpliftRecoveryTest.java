package io.recall.measure;

import io.recall.campaign.Campaign;
import io.recall.campaign.CampaignKind;
import io.recall.campaign.CampaignRecord;
import io.recall.campaign.CampaignRunner;
import io.recall.campaign.Candidate;
import io.recall.campaign.Fixtures;
import io.recall.campaign.Schedule;
import io.recall.channels.Channel;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.SendWindow;
import io.recall.generator.ResponseModel;
import io.recall.incentive.BudgetLedger;
import io.recall.incentive.IncentiveEngine;
import io.recall.incentive.IncentiveRule;
import io.recall.incentive.Offer;
import io.recall.incentive.RuleSet;
import io.recall.model.Money;
import io.recall.segment.SegmentScheme;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A simulated shop with a known response: the measurement must find what was injected. */
class UpliftRecoveryTest {

    static final Duration WINDOW = Duration.ofDays(14);
    static final int PER_SEGMENT = 3000;
    static final CampaignRecord RECORD = run();

    static CampaignRecord run() {
        RuleSet rules = RuleSet.newBuilder("spring-offers", Money.currency("GBP"), SegmentScheme.builtIn("seed4"))
                .rule(IncentiveRule.of("five-off", List.of(), new Offer.AmountOff(Money.of("5.00", "GBP")))).build();
        Campaign campaign = Campaign.newBuilder("spring", CampaignKind.WIN_BACK)
                .audience("seed4", "important-value", "general").holdout(new BigDecimal("0.5"))
                .incentives("spring-offers")
                .plan("important-value", Channel.CALLBACK_LIST, Channel.EMAIL).plan("general", Channel.SMS)
                .template(Channel.CALLBACK_LIST, "call").template(Channel.EMAIL, "mail").template(Channel.SMS, "text")
                .schedule(new Schedule(Fixtures.START, Fixtures.END, SendWindow.of(LocalTime.of(10, 0), LocalTime.of(20, 0))))
                .build();
        List<Candidate> people = new ArrayList<>();
        for (int i = 0; i < PER_SEGMENT; i++) {
            people.add(Candidate.of(Fixtures.classified("v" + i, "important-value", 90), Fixtures.reachable("v" + i, Fixtures.LONDON)));
            people.add(Candidate.of(Fixtures.classified("g" + i, "general", 90), Fixtures.reachable("g" + i, Fixtures.SHANGHAI)));
        }
        Clock clock = Clock.fixed(Fixtures.START, ZoneOffset.UTC);
        return CampaignRunner.newBuilder().outbox(OutboxStore.inMemory()).clock(clock)
                .incentives(IncentiveEngine.of(rules, BudgetLedger.of(rules), clock)).build().run(campaign, people);
    }

    static ResponseModel model(long seed) {
        return ResponseModel.newBuilder(seed)
                .base("important-value", new BigDecimal("0.10")).uplift("important-value", "callback-list", new BigDecimal("0.06"))
                .base("general", new BigDecimal("0.05")).uplift("general", "sms", new BigDecimal("0.03"))
                .spend(Money.of("40.00", "GBP"), 0.5).build();
    }

    static CampaignResult measure(long seed) {
        ResponseModel.SimulatedResponse response = model(seed).simulate(RECORD, WINDOW);
        return Measurement.of(WINDOW, Money.currency("GBP")).measure(RECORD, response.purchases(), response.redemptions());
    }

    @Test
    void measuredUpliftRecoversTheInjectedOneForAFixedSeed() {
        CampaignResult r = measure(7);
        CellResult vip = r.bySegment().stream().filter(c -> c.key().equals("important-value")).findFirst().orElseThrow();
        CellResult general = r.bySegment().stream().filter(c -> c.key().equals("general")).findFirst().orElseThrow();
        assertEquals(1500, vip.treated().customers());
        assertEquals(1500, vip.holdout().customers());
        assertTrue(vip.uplift().orElseThrow().contains(0.06), vip.uplift().toString());
        assertTrue(general.uplift().orElseThrow().contains(0.03), general.uplift().toString());
        assertTrue(vip.upliftIsSignificant());
        // Equal strata, so the overall injected uplift is the mean of the two.
        assertTrue(r.overall().uplift().orElseThrow().contains(0.045), r.overall().uplift().toString());
        // Every treated converter redeemed one 5.00 offer.
        assertEquals(Money.of("5.00", "GBP").times(r.overall().treated().converters()), r.overall().incentiveCost());
        assertEquals(r, measure(7), "seeded, hence reproducible");
        System.out.println("seed 7: important-value " + vip.uplift().orElseThrow() + ", general " + general.uplift().orElseThrow()
                + ", overall " + r.overall().uplift().orElseThrow() + ", incremental " + vip.incrementalRevenue().orElseThrow());
    }

    @Test
    void intervalsCoverTheInjectedUpliftAtAboutTheirNominalRate() {
        // Mean spend of a log-normal: median x exp(sigma^2 / 2).
        double meanSpend = 40.0 * Math.exp(0.5 * 0.5 / 2);
        int upliftCovered = 0;
        int revenueCovered = 0;
        int intervals = 0;
        for (long seed = 1; seed <= 20; seed++) {
            CampaignResult r = measure(seed);
            for (CellResult c : r.bySegment()) {
                double injected = c.key().equals("important-value") ? 0.06 : 0.03;
                intervals++;
                upliftCovered += c.uplift().orElseThrow().contains(injected) ? 1 : 0;
                // Treated customers convert at base + uplift, spending meanSpend on average.
                Money expected = Money.of(BigDecimal.valueOf(injected * c.treated().customers() * meanSpend)
                        .setScale(2, java.math.RoundingMode.HALF_EVEN), Money.currency("GBP"));
                revenueCovered += c.incrementalRevenue().orElseThrow().contains(expected) ? 1 : 0;
            }
        }
        // 40 intervals at 95%: about 38 expected; fewer than 34 would be a broken interval, not bad luck.
        assertTrue(upliftCovered >= 34, "uplift covered " + upliftCovered + " of " + intervals);
        assertTrue(revenueCovered >= 34, "incremental revenue covered " + revenueCovered + " of " + intervals);
        System.out.println("coverage: uplift " + upliftCovered + "/" + intervals + ", revenue " + revenueCovered + "/" + intervals);
    }
}
