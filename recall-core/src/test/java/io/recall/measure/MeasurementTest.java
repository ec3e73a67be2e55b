package io.recall.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.model.Money;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementTest {

    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final Instant SENT = Instant.parse("2026-03-03T10:00:00Z");
    static final Duration WINDOW = Duration.ofDays(14);
    static final Measurement MEASURE = Measurement.of(WINDOW, Money.currency("GBP"));

    static List<Exposure> exposures() {
        List<Exposure> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(new Exposure("t" + i, "general", "sms", Exposure.Arm.TREATED, SENT));
            out.add(new Exposure("h" + i, "general", "sms", Exposure.Arm.HOLDOUT, START));
        }
        return out;
    }

    static List<Purchase> purchases() {
        return List.of(
                new Purchase("t0", SENT, Money.of("10.00", "GBP")),
                new Purchase("t1", SENT.plus(Duration.ofDays(3)), Money.of("20.00", "GBP")),
                new Purchase("t2", SENT.plus(WINDOW).minusSeconds(1), Money.of("30.00", "GBP")),
                new Purchase("t3", SENT.minusSeconds(1), Money.of("99.00", "GBP")),      // before the send
                new Purchase("t4", SENT.plus(WINDOW), Money.of("99.00", "GBP")),         // window is half-open
                new Purchase("h0", START.plus(Duration.ofDays(1)), Money.of("15.00", "GBP")),
                new Purchase("stranger", SENT, Money.of("500.00", "GBP")));
    }

    static List<Redemption> redemptions() {
        return List.of(new Redemption("t0", SENT, Money.of("5.00", "GBP")),
                new Redemption("t1", SENT.plus(Duration.ofDays(3)), Money.of("5.00", "GBP")),
                new Redemption("t4", SENT.plus(WINDOW), Money.of("5.00", "GBP")),
                new Redemption("h0", START, Money.of("5.00", "GBP")));
    }

    @Test
    void conversionsCountOnlyPurchasesInsideEachCustomersHalfOpenWindow() {
        CellResult c = MEASURE.measure("spring", exposures(), purchases(), redemptions()).overall();
        assertEquals(3, c.treated().converters());
        assertEquals(1, c.holdout().converters());
        assertEquals(Money.of("60.00", "GBP"), c.treated().revenue());
        assertEquals(Money.of("15.00", "GBP"), c.holdout().revenue());
        assertEquals(0.2, c.uplift().orElseThrow().estimate(), 1e-12);
    }

    @Test
    void incrementalRevenueCostAndRoiAreExact() {
        CellResult c = MEASURE.measure("spring", exposures(), purchases(), redemptions()).overall();
        MoneyInterval inc = c.incrementalRevenue().orElseThrow();
        assertEquals(Money.of("45.00", "GBP"), inc.estimate());     // 60 - 15 x 10/10
        assertTrue(inc.low().compareTo(inc.estimate()) < 0 && inc.high().compareTo(inc.estimate()) > 0);
        assertEquals(Money.of("10.00", "GBP"), c.incentiveCost());  // holdout and late redemptions do not count
        assertEquals(3.5, c.roi().orElseThrow().estimate(), 1e-12); // (45 - 10) / 10
    }

    @Test
    void segmentAndChannelCellsSplitTheSameCustomers() {
        CampaignResult r = MEASURE.measure("spring", exposures(), purchases(), redemptions());
        assertEquals(List.of("general"), r.bySegment().stream().map(CellResult::key).toList());
        assertEquals(List.of("sms"), r.byChannel().stream().map(CellResult::key).toList());
        assertEquals(r.overall().treated(), r.bySegment().get(0).treated());
        assertTrue(r.randomisedHoldout());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("fewer than 30")), r.notes().toString());
    }

    @Test
    void emptyArmGivesNoUpliftRatherThanAMadeUpOne() {
        List<Exposure> treatedOnly = exposures().stream().filter(e -> e.arm() == Exposure.Arm.TREATED).toList();
        CellResult c = MEASURE.measure("spring", treatedOnly, purchases(), List.of()).overall();
        assertTrue(c.uplift().isEmpty());
        assertTrue(c.holdout().rate().isEmpty());
        assertTrue(c.roi().isEmpty());
    }

    @Test
    void jsonAndCsvCarryEveryCell() throws Exception {
        CampaignResult r = MEASURE.observational().measure("spring", exposures(), purchases(), redemptions());
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertEquals("spring", json.get("campaign").asText());
        assertFalse(json.get("randomisedHoldout").asBoolean());
        assertEquals("45.00", json.get("overall").get("incrementalRevenue").get("estimate").asText());
        assertEquals(3, json.get("overall").get("treated").get("converters").asInt());
        assertTrue(json.get("notes").get(0).asText().contains("not randomly held out"));
        String[] lines = r.toCsv().split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[0].startsWith("dimension,key,treated_customers,treated_converters"));
        assertTrue(lines[1].startsWith("campaign,spring,10,3,0.3,"), lines[1]);
    }

    @Test
    void amountsInAnotherCurrencyAndDoubleExposuresAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MEASURE.measure("spring", exposures(),
                List.of(new Purchase("t0", SENT, Money.of("1.00", "EUR"))), List.of()));
        List<Exposure> twice = new ArrayList<>(exposures());
        twice.add(twice.get(0));
        assertThrows(IllegalArgumentException.class, () -> MEASURE.measure("spring", twice, List.of(), List.of()));
    }
}
