package io.recall.delivery;

import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.delivery.FaultyAdapter.Fault;
import io.recall.delivery.FaultyAdapter.Received;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariants of the pipeline under random faults, zones, windows and caps. */
class DeliveryProperties {

    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<String> ZONES = List.of("Asia/Shanghai", "Europe/London", "America/New_York",
            "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "America/Santiago", "Europe/Dublin",
            "Asia/Tehran", "Pacific/Apia", "America/St_Johns", "UTC");

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.oneOf(Arbitraries.of(ZONES).map(ZoneId::of),
                Arbitraries.of(ZoneId.getAvailableZoneIds().stream().sorted().toList()).map(ZoneId::of));
    }

    @Provide
    Arbitrary<SendWindow> windows() {
        Arbitrary<LocalTime> times = Arbitraries.integers().between(0, 24 * 60 - 1).map(m -> LocalTime.of(m / 60, m % 60));
        return Combinators.combine(times, times).filter((a, b) -> !a.equals(b)).as(SendWindow::of);
    }

    /** An instant near one of the zone's transitions in 2026 (or any instant in 2026 when it has none). */
    private static Instant nearTransition(ZoneId zone, long offsetMinutes, int pick) {
        List<ZoneOffsetTransition> ts = new ArrayList<>();
        ZoneOffsetTransition t = zone.getRules().nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
        while (t != null && t.getInstant().isBefore(Instant.parse("2027-01-01T00:00:00Z"))) {
            ts.add(t);
            t = zone.getRules().nextTransition(t.getInstant());
        }
        Instant base = ts.isEmpty() ? Instant.parse("2026-06-15T00:00:00Z") : ts.get(pick % ts.size()).getInstant();
        return base.plus(Duration.ofMinutes(offsetMinutes));
    }

    /** Independent of SendWindow: minutes of the local day against the bounds. */
    private static boolean inside(SendWindow w, Instant at, ZoneId zone) {
        int m = at.atZone(zone).getHour() * 60 + at.atZone(zone).getMinute();
        int s = w.start().getHour() * 60 + w.start().getMinute();
        int e = w.end().getHour() * 60 + w.end().getMinute();
        // Windows are whole minutes, so comparing minutes of the day is exact.
        return s < e ? m >= s && m < e : m >= s || m < e;
    }

    @Property(tries = 1000)
    void nextOpeningIsOpenAndNothingEarlierIs(@ForAll("zones") ZoneId zone, @ForAll("windows") SendWindow window,
                                              @ForAll @IntRange(min = -2880, max = 2880) int offsetMinutes,
                                              @ForAll @IntRange(min = 0, max = 5) int pick) {
        Instant now = nearTransition(zone, offsetMinutes, pick).plusSeconds(Math.floorMod(offsetMinutes * 7919, 60));
        Instant opening = window.nextOpening(now, zone);
        assertTrue(!opening.isBefore(now), "opening " + opening + " before now " + now);
        assertTrue(window.isOpen(opening, zone), "not open at " + opening.atZone(zone));
        assertTrue(inside(window, opening, zone), "outside by minutes at " + opening.atZone(zone));
        if (opening.isAfter(now)) {
            assertTrue(!window.isOpen(opening.minusNanos(1), zone) || opening.minusNanos(1).isBefore(now),
                    "open just before " + opening.atZone(zone));
            for (Instant t = now.plusSeconds(60 - now.getEpochSecond() % 60); t.isBefore(opening); t = t.plusSeconds(60)) {
                assertTrue(!window.isOpen(t, zone), "open at " + t.atZone(zone) + " before the opening "
                        + opening.atZone(zone) + " found from " + now.atZone(zone));
            }
        }
    }

    @Property(tries = 300)
    void quietHoursAreNeverViolated(@ForAll("zones") ZoneId zone, @ForAll("windows") SendWindow window,
                                    @ForAll @IntRange(min = -2880, max = 2880) int offsetMinutes,
                                    @ForAll @IntRange(min = 0, max = 5) int pick,
                                    @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 600) Integer> gaps) {
        Instant start = nearTransition(zone, offsetMinutes, pick);
        FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, true), m -> Fault.ACCEPT);
        DeliveryPipeline p = DeliveryPipeline.newBuilder().adapter(text)
                .policy(DeliveryPolicy.newBuilder().sendWindow(Channel.SMS, window).build()).build();
        List<String> ids = new ArrayList<>();
        Instant now = start;
        for (int i = 0; i < gaps.size(); i++) {
            now = now.plus(Duration.ofMinutes(gaps.get(i)));
            text.now = now;
            p.enqueue(OutboundMessage.of("c" + i, zone, Fixtures.sms("m" + i, "c" + i, Purpose.SERVICE)), now);
            ids.add("m" + i);
            p.dispatch(now);
        }
        Fixtures.drain(p, List.of(text), ids, now, 200);
        assertEquals(ids.size(), p.reconcile().count(DeliveryState.SENT));
        for (Received r : text.received()) {
            assertTrue(inside(window, r.at(), zone), "sent at " + r.at().atZone(zone) + " outside " + window);
        }
    }

    @Property(tries = 300)
    void randomFaultsReconcileNeverDoubleSendAndEveryMessageEnds(
            @ForAll @Size(min = 1, max = 12) List<Fault> emailFaults,
            @ForAll @Size(min = 1, max = 12) List<Fault> smsFaults,
            @ForAll boolean emailDeduplicates, @ForAll boolean smsDeduplicates,
            @ForAll @IntRange(min = 1, max = 25) int messages, @ForAll("zones") ZoneId zone,
            @ForAll @IntRange(min = 1, max = 4) int maxBatch, @ForAll long seed) {
        faultScenario(DeliveryPipeline.newBuilder(), emailFaults, smsFaults, emailDeduplicates, smsDeduplicates,
                messages, zone, maxBatch, seed);
    }

    /** The fault scenario over the stores of {@code stores} (in memory, or JDBC). */
    static void faultScenario(DeliveryPipeline.Builder stores, List<Fault> emailFaults, List<Fault> smsFaults,
                              boolean emailDeduplicates, boolean smsDeduplicates, int messages, ZoneId zone,
                              int maxBatch, long seed) {
        int[] calls = {0, 0};
        FaultyAdapter mail = new FaultyAdapter(Capabilities.of(Channel.EMAIL).withMaxBatch(maxBatch)
                .withRateLimit(5, Duration.ofMinutes(1)).withProviderDeduplication(emailDeduplicates),
                m -> emailFaults.get(calls[0]++ % emailFaults.size()));
        FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, smsDeduplicates),
                m -> smsFaults.get(calls[1]++ % smsFaults.size()));
        DeliveryPolicy policy = DeliveryPolicy.newBuilder()
                .sendWindow(Channel.SMS, SendWindow.of(LocalTime.of(19, 0), LocalTime.of(21, 0)))
                .frequencyCap(FrequencyCap.acrossChannels(3, Duration.ofDays(1)))
                .maxAttempts(4).backoff(Duration.ofSeconds(30), Duration.ofMinutes(30))
                .lease(Duration.ofMinutes(5)).build();
        DeliveryPipeline p = stores.policy(policy).adapter(mail).adapter(text).random(new Random(seed)).build();
        // Slow sends hand the round to a second worker after the first one's lease ran out.
        DeliveryPipeline other = DeliveryPipeline.newBuilder().outbox(p.outbox()).consents(p.consents())
                .suppressions(p.suppressions()).frequency(p.frequency()).policy(policy).adapter(mail).adapter(text)
                .workerId("worker-2").random(new Random(seed + 1)).build();
        Runnable takeOver = () -> {
            Instant later = mail.now.plus(Duration.ofMinutes(6));
            mail.now = later;
            text.now = later;
            other.dispatch(later);
            assertTrue(other.reconcile().balances());
        };
        mail.duringSlowSend = takeOver;
        text.duringSlowSend = takeOver;

        List<String> ids = Fixtures.ids(messages);
        int customers = Math.max(1, messages / 3);
        for (int i = 0; i < messages; i++) {
            String customer = "c" + (i % customers);
            Fixtures.grantAll(p.consents(), customer, START);
            p.enqueue(Fixtures.emailThenSms(ids.get(i), customer, zone, Purpose.MARKETING), START);
        }
        Fixtures.drain(p, List.of(mail, text), ids, START, 5000);

        Reconciliation r = p.reconcile();
        assertTrue(r.balances(), r::toString);
        assertEquals(messages, r.terminal(), r::toString);
        assertEquals(0, mail.resentAfterTaken(), "a message was sent twice to a provider that cannot deduplicate");
        assertEquals(0, text.resentAfterTaken(), "a message was sent twice to a provider that cannot deduplicate");
        Map<String, Integer> held = new HashMap<>();
        for (Received rec : mail.received()) {
            held.merge(rec.idempotencyKey(), 1, Integer::sum);
        }
        for (Received rec : text.received()) {
            held.merge(rec.idempotencyKey(), 1, Integer::sum);
        }
        held.forEach((key, n) -> assertEquals(1, n, "provider holds " + key + " " + n + " times"));
        for (String id : ids) {
            OutboxEntry e = p.outbox().find(id).orElseThrow();
            if (e.state() == DeliveryState.SENT) {
                assertTrue(held.containsKey(e.current().idempotencyKey()), "sent but not held: " + e.id());
            }
        }
    }

    @Property(tries = 300)
    void frequencyCapsAreNeverExceeded(@ForAll @IntRange(min = 1, max = 3) int perChannelMax,
                                       @ForAll @IntRange(min = 1, max = 48) int perChannelHours,
                                       @ForAll @IntRange(min = 1, max = 5) int acrossMax,
                                       @ForAll @IntRange(min = 1, max = 96) int acrossHours,
                                       @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 7) Integer> plan,
                                       @ForAll @Size(min = 1, max = 6) List<Fault> faults,
                                       @ForAll @IntRange(min = 0, max = 1440) int spreadMinutes) {
        List<Fault> noSlow = faults.stream().map(f -> f == Fault.SLOW ? Fault.ACCEPT : f).toList();
        int[] calls = {0};
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, true),
                m -> noSlow.get(calls[0]++ % noSlow.size()));
        FaultyAdapter text = new FaultyAdapter(FaultyAdapter.caps(Channel.SMS, true),
                m -> noSlow.get(calls[0]++ % noSlow.size()));
        Duration perChannel = Duration.ofHours(perChannelHours);
        Duration across = Duration.ofHours(acrossHours);
        DeliveryPolicy policy = DeliveryPolicy.newBuilder()
                .frequencyCap(FrequencyCap.perChannel(Channel.EMAIL, perChannelMax, perChannel))
                .frequencyCap(FrequencyCap.perChannel(Channel.SMS, perChannelMax, perChannel))
                .frequencyCap(FrequencyCap.acrossChannels(acrossMax, across)).build();
        DeliveryPipeline p = DeliveryPipeline.newBuilder().policy(policy).adapter(mail).adapter(text)
                .random(new Random(1)).build();
        List<String> ids = new ArrayList<>();
        Map<String, String> customerOf = new HashMap<>();
        for (int i = 0; i < plan.size(); i++) {
            int code = plan.get(i);
            String customer = "c" + (code % 2);
            String id = "m" + i;
            Message m = code >= 4 ? Fixtures.sms(id, customer, Purpose.MARKETING)
                    : Fixtures.email(id, customer, Purpose.MARKETING);
            Fixtures.grantAll(p.consents(), customer, START);
            Instant at = START.plus(Duration.ofMinutes((long) spreadMinutes * i / plan.size()));
            p.enqueue(OutboundMessage.of(customer, ZoneId.of("UTC"), m), at);
            ids.add(id);
            customerOf.put(m.idempotencyKey(), customer);
        }
        Fixtures.drain(p, List.of(mail, text), ids, START, 5000);
        assertEquals(ids.size(), p.reconcile().terminal());

        List<Received> all = new ArrayList<>(mail.received());
        all.addAll(text.received());
        for (Received r : all) {
            String customer = customerOf.get(r.idempotencyKey());
            long sameChannel = all.stream().filter(o -> customerOf.get(o.idempotencyKey()).equals(customer)
                    && o.recipient().channel().equals(r.recipient().channel())
                    && o.at().isAfter(r.at().minus(perChannel)) && !o.at().isAfter(r.at())).count();
            long anyChannel = all.stream().filter(o -> customerOf.get(o.idempotencyKey()).equals(customer)
                    && o.at().isAfter(r.at().minus(across)) && !o.at().isAfter(r.at())).count();
            assertTrue(sameChannel <= perChannelMax, sameChannel + " sends on " + r.recipient().channel() + " within "
                    + perChannel + " up to " + r.at());
            assertTrue(anyChannel <= acrossMax, anyChannel + " sends within " + across + " up to " + r.at());
        }
    }
}
