package io.recall.examples.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.incentive.Decision;
import io.recall.incentive.Grant;
import io.recall.incentive.Offer;
import io.recall.incentive.OfferTerms;
import io.recall.model.CustomerProfile;
import io.recall.model.Money;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;
import io.recall.segment.Classification;
import io.recall.segment.Segment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbackExportTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** A Tuesday: 09:00 in London, 17:00 in Shanghai. */
    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 24);
    private static final Segment VALUE = Segment.of("important-value", "Important value", "重要价值客户");
    private static final Segment DEVELOP = Segment.of("important-develop", "Important develop", "重要发展客户");
    private static final Segment GENERAL = Segment.of("general", "General", "一般客户");

    private static Classification classified(String id, Segment segment, int recency, int orders, String spend, int tenure) {
        return new Classification(new RfmMetrics(id, recency, orders, Money.of(spend, "GBP"), tenure),
                new RfmScore(2, 2, 2), segment);
    }

    private static CustomerProfile profile(String id, ZoneId zone, String... phones) {
        CustomerProfile.Builder b = CustomerProfile.newBuilder(id).name("Customer " + id).phones(List.of(phones));
        if (zone != null) {
            b.timeZone(zone);
        }
        return b.build();
    }

    @Nested
    class TheList {

        private final ConsentLedger consents = ConsentLedger.inMemory();

        private void consent(String id, boolean granted) {
            Instant at = Instant.parse("2026-01-01T00:00:00Z");
            consents.append(granted
                    ? ConsentEntry.granted(id, Channel.CALLBACK_LIST, Purpose.MARKETING, at, "privacy-2026-01", "service desk")
                    : ConsentEntry.withdrawn(id, Channel.CALLBACK_LIST, Purpose.MARKETING, at, "privacy-2026-01", "phone call"));
        }

        private List<CallbackCandidate> candidates() {
            for (String id : List.of("a", "i")) {
                consent(id, true);
            }
            consent("h", false);
            Decision decision = new Decision("i", "important-develop", NOW, List.of(new Grant("winback-10",
                    new Offer.PercentOff(BigDecimal.TEN), OfferTerms.DEFAULT, Money.of("6.00", "GBP"), List.of(), "r-1",
                    Instant.parse("2026-12-24T00:00:00Z"), false)), List.of());
            List<Complaint> complaints = List.of(
                    new Complaint("i", "T-1", Instant.parse("2026-10-01T10:00:00Z"), Optional.empty(), "late parcel"),
                    new Complaint("i", "T-2", Instant.parse("2026-11-20T10:00:00Z"), Optional.empty(), "=HYPERLINK(\"x\")"),
                    new Complaint("i", "T-0", Instant.parse("2026-09-01T10:00:00Z"),
                            Optional.of(Instant.parse("2026-09-02T10:00:00Z")), "resolved"));
            return List.of(
                    CallbackCandidate.of(classified("a", VALUE, 90, 10, "1200.00", 300), profile("a", SHANGHAI, "+8613800138000")),
                    CallbackCandidate.of(classified("b", GENERAL, 200, 1, "10.00", 200), profile("b", LONDON, "+447700900002")),
                    CallbackCandidate.of(classified("c", DEVELOP, 5, 5, "300.00", 100), profile("c", LONDON, "+447700900003")),
                    new CallbackCandidate(classified("d", VALUE, 120, 4, "500.00", 400), Optional.empty(), List.of(),
                            Optional.empty(), OptionalDouble.empty()),
                    CallbackCandidate.of(classified("e", VALUE, 120, 4, "500.00", 400), profile("e", LONDON)),
                    CallbackCandidate.of(classified("f", VALUE, 120, 4, "500.00", 400), profile("f", LONDON, "07700 900006")),
                    CallbackCandidate.of(classified("g", VALUE, 120, 4, "500.00", 400), profile("g", LONDON, "+447700900007")),
                    CallbackCandidate.of(classified("h", VALUE, 120, 4, "500.00", 400), profile("h", LONDON, "+447700900008")),
                    new CallbackCandidate(classified("i", DEVELOP, 10, 3, "150.00", 60), Optional.of(CustomerProfile.newBuilder("i")
                            .name("=1+1").phones(List.of("not a number", "+447700900009")).build()), complaints,
                            Optional.of(decision), OptionalDouble.of(0.2)));
        }

        private CallbackList build() {
            return CallbackExport.build(candidates(), AS_OF, CallbackPolicy.defaults(LONDON), consents,
                    Clock.fixed(NOW, ZoneOffset.UTC));
        }

        @Test
        void everyCustomerConsideredIsListedOrExcludedWithItsReason() {
            CallbackList list = build();
            assertEquals(9, list.considered());
            assertEquals(List.of("a", "i"), list.entries().stream().map(CallbackEntry::customerId).toList());
            Map<CallbackExclusion.Reason, Integer> expected = Map.of(CallbackExclusion.Reason.NOT_TARGET_SEGMENT, 1,
                    CallbackExclusion.Reason.NOT_AT_RISK, 1, CallbackExclusion.Reason.NO_CONTACT_RECORD, 1,
                    CallbackExclusion.Reason.NO_PHONE, 1, CallbackExclusion.Reason.INVALID_PHONE, 1,
                    CallbackExclusion.Reason.NO_PHONE_CONSENT, 1, CallbackExclusion.Reason.PHONE_CONSENT_WITHDRAWN, 1);
            assertEquals(expected, list.excludedByReason());
            assertEquals(List.of("b", "c", "d", "e", "f", "g", "h"),
                    list.exclusions().stream().map(CallbackExclusion::customerId).toList());
        }

        @Test
        void anEntryCarriesContactBestLocalTimePurchasesComplaintsAndOffer() {
            CallbackList list = build();
            CallbackEntry a = list.entries().get(0);
            assertEquals("+8613800138000", a.contact().phone().e164());
            // 17:00 on a Tuesday in Shanghai: inside the afternoon window, so call now, until 18:00 local.
            assertEquals(ZonedDateTime.of(2026, 11, 24, 17, 0, 0, 0, SHANGHAI), a.bestTime().from());
            assertEquals(ZonedDateTime.of(2026, 11, 24, 18, 0, 0, 0, SHANGHAI), a.bestTime().until());
            assertEquals(LocalDate.of(2026, 8, 26), a.lastPurchase());
            assertEquals(Money.of("1200.00", "GBP"), a.spend());
            assertTrue(a.atRiskBecause().startsWith("overdue: 90 days since the last order, usually every 23"), a.atRiskBecause());

            CallbackEntry i = list.entries().get(1);
            assertEquals(LONDON, i.contact().zone(), "the shop's zone when the profile names none");
            assertEquals("+447700900009", i.contact().phone().e164(), "the first E.164 number");
            assertEquals(ZonedDateTime.of(2026, 11, 24, 10, 0, 0, 0, LONDON), i.bestTime().from());
            assertEquals("P(alive) 0.20", i.atRiskBecause());
            assertEquals(2, i.openComplaints());
            assertEquals("T-2", i.latestComplaint().orElseThrow().id());
            CallbackEntry.OfferToMention offer = i.offer().orElseThrow();
            assertEquals("10% off", offer.description());
            assertEquals(Money.of("6.00", "GBP"), offer.value());
            assertEquals(LocalDate.of(2026, 12, 23), offer.validUntil(), "expiring at midnight ends the day before");
        }

        @Test
        void theCsvIsForTheCallTeamAndTheJsonReconciles() throws IOException {
            CallbackList list = build();
            StringWriter csv = new StringWriter();
            CallbackExport.writeCsv(list, csv);
            String[] lines = csv.toString().split("\n");
            assertEquals(CallbackExport.CSV_HEADER, lines[0]);
            assertEquals(3, lines.length);
            assertTrue(lines[1].startsWith("a,Customer a,+8613800138000,Asia/Shanghai,2026-11-24 17:00,2026-11-24 18:00,"
                    + "2026-11-24T09:00:00Z,important-value,"), lines[1]);
            assertTrue(lines[2].startsWith("i,'=1+1,+447700900009,"), "a name a spreadsheet would run is defused: " + lines[2]);
            assertTrue(lines[2].endsWith(",2,\"2026-11-20 =HYPERLINK(\"\"x\"\")\",10% off,6.00 GBP,2026-12-23"), lines[2]);

            StringWriter json = new StringWriter();
            CallbackExport.writeJson(list, json);
            JsonNode root = new ObjectMapper().readTree(json.toString());
            int excluded = 0;
            for (JsonNode n : root.get("excludedByReason")) {
                excluded += n.asInt();
            }
            assertEquals(root.get("considered").asInt(), root.get("listed").asInt() + excluded);
            assertEquals(root.get("excluded").asInt(), root.get("exclusions").size());
            assertEquals("no-phone-consent", root.at("/exclusions/5/reason").asText());
            assertEquals("2026-11-24T10:00Z", root.at("/entries/1/bestTimeToCall/from").asText());
        }

        @org.junit.jupiter.params.ParameterizedTest
        @org.junit.jupiter.params.provider.ValueSource(strings = {"+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
                "\t=1+1", "\r=1+1", "@SUM(1)"})
        void aNameStartingAFormulaIsDefusedButTheE164PhoneKeepsItsPlus(String name) throws IOException {
            consent("x", true);
            CustomerProfile p = CustomerProfile.newBuilder("x").name(name).phones(List.of("+447700900007")).build();
            CallbackList list = CallbackExport.build(List.of(CallbackCandidate.of(classified("x", VALUE, 120, 4, "500.00",
                    400), p)), AS_OF, CallbackPolicy.defaults(LONDON), consents, Clock.fixed(NOW, ZoneOffset.UTC));
            StringWriter csv = new StringWriter();
            CallbackExport.writeCsv(list, csv);
            String row = csv.toString().substring(CallbackExport.CSV_HEADER.length() + 1);
            String expectedName = name.indexOf('\r') >= 0 ? "\"'" + name + "\"" : "'" + name;
            assertTrue(row.startsWith("x," + expectedName + ",+447700900007,"), row);
        }

        @Test
        void aCustomerGivenTwiceIsAnError() {
            CallbackCandidate c = CallbackCandidate.of(classified("x", VALUE, 1, 1, "1.00", 1), profile("x", LONDON));
            assertThrows(IllegalArgumentException.class, () -> CallbackExport.build(List.of(c, c), AS_OF,
                    CallbackPolicy.defaults(LONDON), consents, Clock.fixed(NOW, ZoneOffset.UTC)));
        }
    }

    @Nested
    class CallingSlots {

        private final CallingHours hours = CallingHours.defaults();

        private ZonedDateTime next(String localNow, ZoneId zone) {
            return hours.nextSlot(ZonedDateTime.of(java.time.LocalDateTime.parse(localNow), zone).toInstant(), zone).from();
        }

        @Test
        void inAWindowTheSlotStartsNow() {
            assertEquals(ZonedDateTime.of(2026, 11, 24, 11, 15, 0, 0, LONDON), next("2026-11-24T11:15", LONDON));
        }

        @Test
        void duringQuietHoursTheSlotIsTheNextWindow() {
            assertEquals(ZonedDateTime.of(2026, 11, 24, 14, 0, 0, 0, LONDON), next("2026-11-24T12:00", LONDON));
            assertEquals(ZonedDateTime.of(2026, 11, 25, 10, 0, 0, 0, LONDON), next("2026-11-24T18:00", LONDON));
            assertEquals(ZonedDateTime.of(2026, 11, 25, 10, 0, 0, 0, LONDON), next("2026-11-25T03:00", LONDON));
        }

        @Test
        void sundaysAreSkipped() {
            // Saturday 28 November 2026 after the last window: Monday 10:00.
            assertEquals(ZonedDateTime.of(2026, 11, 30, 10, 0, 0, 0, LONDON), next("2026-11-28T19:00", LONDON));
        }

        @Test
        void aWindowInsideADaylightSavingGapOpensWhenTheClocksHaveJumped() {
            CallingHours night = new CallingHours(List.of(CallingHours.Window.parse("01:30-03:00")),
                    EnumSet.allOf(DayOfWeek.class));
            // 29 March 2026 in London: 01:00 jumps to 02:00, so 01:30 does not exist; the window opens at 02:00 BST.
            Instant before = ZonedDateTime.of(2026, 3, 29, 0, 30, 0, 0, LONDON).toInstant();
            assertEquals(ZonedDateTime.of(2026, 3, 29, 2, 30, 0, 0, LONDON).toInstant(),
                    night.nextSlot(before, LONDON).from().toInstant());
        }

        @Test
        void badWindowsAreRejectedClearly() {
            assertEquals("a calling window must look like 10:00-12:00 but was '10-12'",
                    assertThrows(IllegalArgumentException.class, () -> CallingHours.Window.parse("10-12")).getMessage());
            assertThrows(IllegalArgumentException.class, () -> new CallingHours(List.of(CallingHours.Window.parse(
                    "10:00-12:00"), CallingHours.Window.parse("11:00-13:00")), EnumSet.of(DayOfWeek.MONDAY)));
        }
    }

    @Nested
    class AtRisk {

        private RfmMetrics metrics(int recency, int orders, int tenure) {
            return new RfmMetrics("x", recency, orders, Money.of("1.00", "GBP"), tenure);
        }

        @Test
        void overdueIsRelativeToTheCustomersOwnRhythm() {
            AtRiskRule rule = new AtRiskRule(OptionalDouble.of(2), OptionalInt.empty(), OptionalDouble.empty());
            // Weekly buyer (gap 7 days), silent 14 days: at risk. Twice-a-year buyer silent 60 days: not.
            assertTrue(rule.reason(metrics(14, 11, 84), OptionalDouble.empty()).isPresent());
            assertTrue(rule.reason(metrics(13, 11, 83), OptionalDouble.empty()).isEmpty());
            assertTrue(rule.reason(metrics(60, 4, 600), OptionalDouble.empty()).isEmpty());
            assertTrue(rule.reason(metrics(400, 1, 400), OptionalDouble.empty()).isEmpty(), "one order has no rhythm");
        }

        @Test
        void silenceAndPAliveWorkWhateverTheRhythm() {
            AtRiskRule rule = new AtRiskRule(OptionalDouble.empty(), OptionalInt.of(90), OptionalDouble.of(0.5));
            assertEquals(Optional.of("silent for 90 days"), rule.reason(metrics(90, 1, 90), OptionalDouble.empty()));
            assertEquals(Optional.of("P(alive) 0.49"), rule.reason(metrics(1, 1, 1), OptionalDouble.of(0.49)));
            assertTrue(rule.reason(metrics(1, 1, 1), OptionalDouble.of(0.5)).isEmpty());
        }

        @Test
        void aRuleNeedsACriterion() {
            assertThrows(IllegalArgumentException.class,
                    () -> new AtRiskRule(OptionalDouble.empty(), OptionalInt.empty(), OptionalDouble.empty()));
        }
    }
}
