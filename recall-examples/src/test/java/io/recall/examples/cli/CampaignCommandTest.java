package io.recall.examples.cli;

import io.recall.campaign.CampaignRecord;
import io.recall.campaign.CustomerOutcome;
import io.recall.channels.Channel;
import io.recall.delivery.Attempt;
import io.recall.delivery.DeliveryReason;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.Reconciliation;
import io.recall.generator.ShopGenerator;
import io.recall.ingest.GenericCsvWriter;
import io.recall.ingest.InputFormat;
import io.recall.model.Customer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recall campaign run} on a generated shop: validation, the record, resuming without duplicates. */
class CampaignCommandTest {

    @TempDir
    static Path shop;

    static Path orders;
    static Path contacts;
    static Path campaign;
    static Path rules;

    @BeforeAll
    static void generateShop() throws IOException {
        orders = shop.resolve("orders.csv");
        contacts = shop.resolve("contacts.csv");
        ShopGenerator generator = ShopGenerator.newBuilder().seed(11).customers(1200).build();
        try (Writer o = Files.newBufferedWriter(orders, StandardCharsets.UTF_8);
             GenericCsvWriter csv = GenericCsvWriter.to(o);
             Writer c = Files.newBufferedWriter(contacts, StandardCharsets.UTF_8)) {
            c.write("customer_id,email,phone,time_zone\n");
            for (Customer customer : generator.generate()) {
                csv.write(customer.history());
                c.write(customer.id() + ',' + String.join(";", customer.profile().emails()) + ','
                        + String.join(";", customer.profile().phones()) + ','
                        + customer.profile().timeZone().map(Object::toString).orElse("") + '\n');
            }
        }
        campaign = Files.writeString(shop.resolve("win-back.json"), CampaignJob.resource(CampaignJob.EXAMPLE_CAMPAIGN));
        rules = Files.writeString(shop.resolve("rules.json"), CampaignJob.resource(CampaignJob.EXAMPLE_RULES));
    }

    static String[] args(Path out, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("campaign", "run", "--config", campaign.toString(),
                "--input", orders.toString(), "--format", "generic", "--contacts", contacts.toString(),
                "--rules", rules.toString(), "--output-dir", out.toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static CampaignCommand.Run.Settings settings(Path out) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args(out));
        return ((CampaignCommand.Run) parsed.subcommand().subcommand().commandSpec().userObject()).settings();
    }

    @Test
    void optionsBecomeSettings(@TempDir Path out) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args(out, "--as-of", "2025-01-01", "--now",
                "2026-03-03T09:00:00Z", "--db", "memory"));
        CampaignCommand.Run.Settings s = ((CampaignCommand.Run) parsed.subcommand().subcommand().commandSpec()
                .userObject()).settings();
        assertEquals(InputFormat.GENERIC, s.format());
        assertEquals(Optional.of(LocalDate.of(2025, 1, 1)), s.asOf());
        assertEquals(Optional.of(Instant.parse("2026-03-03T09:00:00Z")), s.now());
        assertEquals(Optional.of("memory"), s.db());
        assertEquals(Optional.empty(), s.scheme());
    }

    @Test
    void runsOnAGeneratedShopAndCountsReconcileThenARerunEnqueuesNothing(@TempDir Path out) throws IOException {
        SegmentCommandTest.Run first = SegmentCommandTest.run(args(out));
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("campaign win-back: considered"), first.out());
        CampaignCommand.Run.Result again = CampaignCommand.Run.run(settings(out), UnaryOperator.identity());
        CampaignRecord r = again.record();
        assertEquals(r.considered(), r.targeted() + r.heldOut() + r.excluded());
        assertTrue(r.targeted() > 100 && r.heldOut() > 20, r.targeted() + " / " + r.heldOut());
        assertEquals(0, r.enqueued(), "the second run finds every message already in the outbox");
        assertEquals(r.targeted(), again.outbox().enqueued(), "one message per targeted customer, none twice");
        assertTrue(r.outcomes().stream().filter(o -> o.status() == CustomerOutcome.Status.TARGETED)
                .allMatch(o -> !o.offers().isEmpty()), "offers are read back from the outbox on a re-run");
        List<String> csv = Files.readAllLines(out.resolve("campaign-record.csv"));
        assertEquals(r.considered() + 1, csv.size());
        assertEquals(r.targeted(), csv.stream().filter(l -> l.contains(",targeted,")).count());
        String json = Files.readString(out.resolve("campaign-record.json"));
        assertTrue(json.contains("\"not-in-audience\""), json);
    }

    @Test
    void aBadConfigIsRejectedWithItsJsonPath(@TempDir Path out) throws IOException {
        Path bad = Files.writeString(out.resolve("bad.json"), Files.readString(campaign)
                .replace("\"0.20\"", "\"0.9\"").replace("\"sms\", \"email\"]", "\"fax\"]"));
        SegmentCommandTest.Run r = SegmentCommandTest.run("campaign", "run", "--config", bad.toString(),
                "--input", orders.toString(), "--format", "generic", "--output-dir", out.resolve("o").toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("$.holdout"), r.err());
        assertTrue(r.err().contains("$.templates"), r.err());
        assertTrue(Files.notExists(out.resolve("o")), "nothing is written for a bad config");
    }

    @Test
    void aRunCrashingHalfWayResumesWithoutLosingOrDuplicatingAnything(@TempDir Path out) throws IOException {
        AtomicInteger enqueues = new AtomicInteger();
        UnaryOperator<OutboxStore> crashAfter50 = store -> new CrashingOutbox(store, enqueues, 50);
        CampaignCommand.Run.Settings s = settings(out);
        assertThrows(IllegalStateException.class, () -> CampaignCommand.Run.run(s, crashAfter50));
        CampaignCommand.Run.Result resumed = CampaignCommand.Run.run(s, UnaryOperator.identity());
        CampaignRecord r = resumed.record();
        assertEquals(r.targeted() - 50, r.enqueued(), "exactly the missing messages are enqueued");
        Reconciliation outbox = resumed.outbox();
        assertEquals(r.targeted(), outbox.enqueued());
        assertTrue(outbox.balances());

        CampaignCommand.Run.Result clean = CampaignCommand.Run.run(
                new CampaignCommand.Run.Settings(s.config(), s.input(), s.format(), s.contacts(), s.rules(),
                        s.scheme(), s.asOf(), s.now(), Optional.of("memory"), s.region(), out.resolve("clean")),
                UnaryOperator.identity());
        assertEquals(Files.readAllLines(out.resolve("clean").resolve("campaign-record.csv")).size(),
                Files.readAllLines(out.resolve("campaign-record.csv")).size());
        assertEquals(clean.record().outcomes().stream().map(o -> o.customerId() + o.status() + o.messageId()).toList(),
                r.outcomes().stream().map(o -> o.customerId() + o.status() + o.messageId()).toList(),
                "the resumed run ends where an uninterrupted one does");
    }

    @Test
    void aResumedRunGoesOnFromTheBudgetEarlierRunsReservedNotFromAFullOne(@TempDir Path out) throws IOException {
        // A total budget of 120 GBP: about thirty offers of 3 to 10 GBP, far fewer than the targeted customers.
        Path tight = Files.writeString(out.resolve("tight-rules.json"), Files.readString(rules)
                .replace("\"20000.00 GBP\"", "\"120.00 GBP\""));
        CampaignCommand.Run.Settings base = settings(out);
        CampaignCommand.Run.Settings s = new CampaignCommand.Run.Settings(base.config(), base.input(), base.format(),
                base.contacts(), Optional.of(tight), base.scheme(), base.asOf(), base.now(), base.db(), base.region(),
                out.resolve("run"));
        AtomicInteger enqueues = new AtomicInteger();
        assertThrows(IllegalStateException.class,
                () -> CampaignCommand.Run.run(s, store -> new CrashingOutbox(store, enqueues, 10)));
        CampaignRecord r = CampaignCommand.Run.run(s, UnaryOperator.identity()).record();
        java.math.BigDecimal offered = r.outcomes().stream().flatMap(o -> o.offers().stream())
                .map(o -> o.value().amount()).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        assertTrue(offered.compareTo(new java.math.BigDecimal("120.00")) <= 0,
                "offers worth " + offered + " GBP went out under a budget of 120 GBP over two runs");
        assertTrue(offered.compareTo(new java.math.BigDecimal("90.00")) >= 0, "the budget was used: " + offered);
        assertTrue(r.outcomes().stream().anyMatch(o -> o.status() == CustomerOutcome.Status.TARGETED
                && o.offers().isEmpty()), "the budget ran out before the targeted customers did");
    }

    /** An outbox whose process "dies" (throws) on the enqueue after {@code limit}. */
    static final class CrashingOutbox implements OutboxStore {
        private final OutboxStore d;
        private final AtomicInteger count;
        private final int limit;

        CrashingOutbox(OutboxStore d, AtomicInteger count, int limit) {
            this.d = d;
            this.count = count;
            this.limit = limit;
        }

        @Override
        public boolean enqueue(OutboxEntry entry) {
            if (count.incrementAndGet() > limit) {
                throw new IllegalStateException("simulated crash after " + limit + " enqueues");
            }
            return d.enqueue(entry);
        }

        @Override
        public List<OutboxEntry> claim(Instant now, String workerId, Instant leaseUntil, int max) {
            return d.claim(now, workerId, leaseUntil, max);
        }

        @Override
        public int releaseExpired(Instant now) {
            return d.releaseExpired(now);
        }

        @Override
        public boolean recordAttempt(String id, String workerId, Attempt attempt, Instant now) {
            return d.recordAttempt(id, workerId, attempt, now);
        }

        @Override
        public boolean settleAttempt(String id, String workerId, Instant now) {
            return d.settleAttempt(id, workerId, now);
        }

        @Override
        public boolean complete(String id, String workerId, String providerId, Instant now) {
            return d.complete(id, workerId, providerId, now);
        }

        @Override
        public boolean reschedule(String id, String workerId, DeliveryState state, DeliveryReason reason,
                                  String detail, Instant dueAt, int step, Instant now) {
            return d.reschedule(id, workerId, state, reason, detail, dueAt, step, now);
        }

        @Override
        public boolean finish(String id, String workerId, DeliveryState state, DeliveryReason reason, String detail,
                              Instant now) {
            return d.finish(id, workerId, state, reason, detail, now);
        }

        @Override
        public boolean reserveIdempotencyKey(Channel channel, String idempotencyKey, String entryId) {
            return d.reserveIdempotencyKey(channel, idempotencyKey, entryId);
        }

        @Override
        public Optional<OutboxEntry> find(String id) {
            return d.find(id);
        }

        @Override
        public Optional<OutboxEntry> findByIdempotencyKey(Channel channel, String idempotencyKey) {
            return d.findByIdempotencyKey(channel, idempotencyKey);
        }

        @Override
        public Optional<OutboxEntry> findByProviderId(Channel channel, String providerId) {
            return d.findByProviderId(channel, providerId);
        }

        @Override
        public Reconciliation reconcile() {
            return d.reconcile();
        }
    }
}
