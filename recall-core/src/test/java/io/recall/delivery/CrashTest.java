package io.recall.delivery;

import io.recall.channels.Purpose;
import io.recall.delivery.LoopbackProvider.Mode;
import io.recall.delivery.LoopbackProvider.Request;
import io.recall.testing.Databases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Worker JVMs dispatching against PostgreSQL are killed with SIGKILL ({@code destroyForcibly}), one after
 * another, each replaced by a fresh one that resumes, and a last worker in this JVM finishes. First a few
 * kills at request boundaries (while the provider holds a request, or just after it answered), then many
 * at seeded random moments after a worker is ready or has sent its first request, so they land anywhere: in
 * the claim transaction, while checking policies, between recording an attempt and sending, at the provider,
 * between its answer and the outcome write. The outbox is topped up before each worker so there is work
 * under way when it dies.
 *
 * <p>Then every message is terminal and the counts reconcile; the outbox agrees with the provider (a SENT
 * message has the provider id the provider answered); a key was requested again only after a kill left its
 * attempt unanswered; a provider that deduplicates by idempotency key delivered every message exactly once;
 * one that cannot never got a message twice, and what a kill left unanswered is UNKNOWN_OUTCOME/NO_ANSWER,
 * at most one per kill. The kills and where they landed are printed. {@code -Drecall.crash.seed=N} picks
 * other random moments.
 */
class CrashTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final long GUARD_SECONDS = 120; // a hang guard, never an assertion about speed
    /** Kills at random moments per provider; {@code -Drecall.crash.kills=N} for a longer soak. */
    private static final int RANDOM_KILLS = Integer.getInteger("recall.crash.kills", 12);
    private static final Duration ANSWER_DELAY = Duration.ofMillis(3);
    private static final int WINDOW_MILLIS = 300;
    /**
     * The fewest non-terminal messages before each worker starts. The backlog is twice the most requests any
     * worker made so far (at least this): enough that a worker seldom runs out before its kill (if it does,
     * it idles until killed, and the kill shows as between rounds), few enough that what a killed worker left
     * open (due again behind the backlog) is resumed by later worker JVMs, not only by the last worker.
     */
    private static final int MIN_BACKLOG = 20;
    private static final int SIGKILLED = 128 + 9;

    /** Where a kill landed, as seen in the outbox and at the provider once the worker is dead. */
    enum Phase {
        STARTING("ready, nothing claimed or sent yet: first round (releasing leases, or claim rolled back)"),
        NO_LEASE("between rounds: no lease held (releasing leases, or claim transaction rolled back)"),
        CLAIMED("claimed, no attempt open: checking policies, settling an old attempt, or after an outcome write"),
        RECORDED("attempt recorded, request not sent yet"),
        AT_PROVIDER("request at the provider, unanswered"),
        ANSWERED("provider answered, outcome not recorded");

        final String description;

        Phase(String description) {
            this.description = description;
        }
    }

    /** One kill: how it was timed, and what the killed worker left open. */
    record Kill(int generation, String timing, int requestsInLife, int terminalAfter, Phase phase,
                List<OutboxEntry> open) {
        /** The open attempt of the worker's last request, when the kill came at or after that request. */
        Optional<OutboxEntry> lastRequest(List<Request> life) {
            if (life.isEmpty()) {
                return Optional.empty();
            }
            String key = life.get(life.size() - 1).key();
            return open.stream().filter(e -> e.openAttempt().orElseThrow().idempotencyKey().equals(key)).findFirst();
        }

        boolean leftOpen(String key) {
            return open.stream().anyMatch(e -> e.openAttempt().orElseThrow().idempotencyKey().equals(key));
        }
    }

    @ParameterizedTest(name = "provider deduplicates: {0}")
    @ValueSource(booleans = {true, false})
    void killedWorkersLoseNothingAndSendNothingTwice(boolean deduplicates, @TempDir Path logs) throws Exception {
        long seed = Long.getLong("recall.crash.seed", 7) * 2 + (deduplicates ? 0 : 1);
        long started = System.nanoTime();
        DataSource ds = Databases.postgres();
        DataSource pooled = Databases.pooled(ds);
        JdbcStores stores = JdbcStores.migrate(pooled, T0);
        List<String> ids = new ArrayList<>();
        Random random = new Random(seed);
        List<Kill> kills = new ArrayList<>();
        List<String> heldKeys = new ArrayList<>();
        try (LoopbackProvider provider = new LoopbackProvider(deduplicates, ANSWER_DELAY)) {
            int boundaryKills = deduplicates ? 3 : 2;
            for (int g = 0; g < boundaryKills + RANDOM_KILLS; g++) {
                Instant start = T0.plus(Duration.ofDays(g));
                int most = kills.stream().mapToInt(Kill::requestsInLife).max().orElse(0);
                topUp(stores.outbox(), ids, Math.max(MIN_BACKLOG, 2 * most), start.plusSeconds(1));
                CountDownLatch firstRequest = provider.generation(g);
                String workerId = "jvm-" + g;
                boolean boundary = g < boundaryKills;
                int at = provider.requests().size() + 2 + random.nextInt(5);
                Mode mode = g % 2 == 0 ? Mode.HOLD : Mode.ANSWER;
                CountDownLatch reached = boundary ? provider.arm(at, mode) : null;
                String timing;
                List<Request> before;
                Worker worker = Worker.start(ds, provider.port(), deduplicates, workerId, start, logs);
                try {
                    if (boundary) {
                        worker.await(reached, "the kill point");
                        timing = mode + " at request " + at;
                    } else {
                        // Half the kills are timed from when the worker is ready (to land in its first rounds
                        // too), half from its first request (to land in later rounds more often).
                        boolean fromReady = (g - boundaryKills) % 2 == 0;
                        worker.await(fromReady ? worker.ready : firstRequest,
                                fromReady ? "ready" : "its first request");
                        int delay = random.nextInt(WINDOW_MILLIS + 1);
                        timing = (fromReady ? "ready" : "1st request") + " + " + delay + " ms";
                        if (worker.process.waitFor(delay, TimeUnit.MILLISECONDS)) {
                            fail(worker.ended("before its kill at " + timing));
                        }
                    }
                    before = provider.log();
                    worker.kill();
                } finally {
                    worker.process.destroyForcibly(); // never left running when the test fails
                }
                if (boundary && mode == Mode.HOLD) {
                    heldKeys.add(before.get(at - 1).key());
                }
                awaitDisconnected(ds, workerId);
                provider.release();
                provider.quiesce();
                Kill kill = observe(pooled, stores.outbox(), deduplicates, g, workerId, timing, before, provider.log());
                kills.add(kill);
                Reconciliation mid = stores.outbox().reconcile();
                assertTrue(mid.balances(), mid::toString);
                assertEquals(ids.size(), mid.enqueued(), mid::toString);
            }

            int last = kills.size();
            provider.generation(last);
            DeliveryPipeline resumer = CrashWorker.pipeline(stores, provider.port(), deduplicates, "resumer");
            Instant now = T0.plus(Duration.ofDays(last));
            for (int round = 0; resumer.reconcile().terminal() < ids.size(); round++) {
                assertTrue(round < 2 * ids.size(), () -> "not terminal after many rounds: " + resumer.reconcile());
                resumer.dispatch(now);
                now = now.plusSeconds(1);
            }
            provider.quiesce();
            report(deduplicates, seed, kills, ids.size(), stores.outbox(), System.nanoTime() - started);
            verify(deduplicates, stores.outbox(), provider, ids, kills, heldKeys);
        }
    }

    /** Enqueues new messages, due {@code at}, until {@code backlog} are not terminal. */
    private static void topUp(OutboxStore outbox, List<String> ids, int backlog, Instant at) {
        Reconciliation r = outbox.reconcile();
        for (long pending = r.enqueued() - r.terminal(); pending < backlog; pending++) {
            String id = "m" + ids.size();
            ids.add(id);
            assertTrue(outbox.enqueue(OutboxEntry.queued(OutboundMessage.of("c-" + id, ZoneId.of("UTC"),
                    Fixtures.email(id, "c-" + id, Purpose.SERVICE)), at)));
        }
    }

    /** Where the kill landed: what the dead worker leased and left open, and what the provider had from it. */
    private static Kill observe(DataSource ds, OutboxStore outbox, boolean deduplicates, int g, String workerId,
                                String timing,
                                List<Request> before, List<Request> after) throws SQLException {
        List<OutboxEntry> leased = new ArrayList<>();
        for (String id : inFlight(ds)) {
            OutboxEntry e = outbox.find(id).orElseThrow();
            if (e.leaseOwner().equals(Optional.of(workerId))) {
                leased.add(e);
            }
        }
        List<OutboxEntry> open = leased.stream()
                .filter(e -> e.openAttempt().map(a -> a.workerId().equals(workerId)).orElse(false)).toList();
        // One request's attempts at a time to a provider that cannot deduplicate; to one that can, a group's
        // (DeliveryPolicy.recordAhead), at most the worker's claim.
        int most = deduplicates ? CrashWorker.CLAIM_LIMIT : 1;
        assertTrue(open.size() <= most, () -> workerId + " left " + open.size() + " attempts open, more than " + most
                + ": " + open);
        List<Request> life = after.stream().filter(r -> r.generation() == g).toList();
        Kill kill = new Kill(g, timing, life.size(), (int) outbox.reconcile().terminal(), Phase.STARTING, open);
        Phase phase;
        if (!open.isEmpty()) {
            Optional<OutboxEntry> last = kill.lastRequest(life);
            Optional<Request> sent = last.isEmpty() ? Optional.empty() : Optional.of(life.get(life.size() - 1));
            if (sent.isEmpty()) {
                phase = Phase.RECORDED;
            } else {
                boolean answered = before.size() >= sent.get().index() && before.get(sent.get().index() - 1).answered();
                phase = answered ? Phase.ANSWERED : Phase.AT_PROVIDER;
            }
        } else {
            phase = !leased.isEmpty() ? Phase.CLAIMED : life.isEmpty() ? Phase.STARTING : Phase.NO_LEASE;
        }
        return new Kill(g, timing, life.size(), kill.terminalAfter(), phase, open);
    }

    private static void verify(boolean deduplicates, OutboxStore outbox, LoopbackProvider provider, List<String> ids,
                               List<Kill> kills, List<String> heldKeys) {
        Reconciliation r = outbox.reconcile();
        assertTrue(r.balances(), r::toString);
        assertEquals(ids.size(), r.enqueued(), r::toString);
        assertEquals(ids.size(), r.terminal(), r::toString);

        // A key is requested again only after a killed worker left its attempt open: its last request to a
        // provider that cannot deduplicate; any of its last group's to one that can.
        List<Request> log = provider.log();
        Map<Integer, Request> lastOfLife = new HashMap<>();
        Map<String, List<Request>> byKey = new LinkedHashMap<>();
        for (Request q : log) {
            lastOfLife.put(q.generation(), q);
            byKey.computeIfAbsent(q.key(), k -> new ArrayList<>()).add(q);
        }
        Map<Integer, Kill> byGeneration = new HashMap<>();
        kills.forEach(k -> byGeneration.put(k.generation(), k));
        byKey.forEach((key, requests) -> {
            for (Request earlier : requests.subList(0, requests.size() - 1)) {
                Kill k = byGeneration.get(earlier.generation());
                assertTrue(k != null && (deduplicates || earlier.equals(lastOfLife.get(earlier.generation())))
                                && k.leftOpen(key),
                        () -> key + " was requested again after request " + earlier + ", which was not an attempt"
                                + " a killed worker left open (" + k + ")");
            }
        });
        long resent = log.size() - byKey.size();
        long leftOpenByKills = kills.stream().mapToLong(k -> k.open().size()).sum();
        assertTrue(resent <= leftOpenByKills,
                "at most the attempts kills left open are resent, " + leftOpenByKills + ", but " + resent + " were");

        Map<String, Integer> delivered = provider.delivered();
        Set<String> keys = new HashSet<>();
        Set<String> unknown = new HashSet<>();
        for (String id : ids) {
            String key = id + "-email";
            keys.add(key);
            OutboxEntry e = outbox.find(id).orElseThrow();
            int times = delivered.getOrDefault(key, 0);
            if (e.state() == DeliveryState.SENT) {
                assertEquals(1, times, key + " is SENT, so it reached the customer once");
                assertEquals(Optional.ofNullable(provider.providerId(key)), e.providerId(),
                        key + " records the provider id the provider answered");
            } else {
                assertEquals(DeliveryState.UNKNOWN_OUTCOME, e.state(), e::toString);
                assertEquals(DeliveryReason.NO_ANSWER, e.reason(), e::toString);
                assertTrue(times <= 1, key + " reached the customer " + times + " times");
                unknown.add(id);
            }
        }
        assertTrue(keys.containsAll(delivered.keySet()), "only enqueued messages reached the provider");
        Set<String> leftOpen = new HashSet<>();
        kills.forEach(k -> k.open().forEach(e -> leftOpen.add(e.id())));
        if (deduplicates) {
            assertEquals(ids.size(), r.count(DeliveryState.SENT), r::toString);
            assertEquals(keys, delivered.keySet(), "every message reached the customer");
            for (Kill k : kills) {
                if (k.phase() == Phase.AT_PROVIDER || k.phase() == Phase.ANSWERED) {
                    List<Request> life = log.stream().filter(q -> q.generation() == k.generation()).toList();
                    String key = k.lastRequest(life).orElseThrow().openAttempt().orElseThrow().idempotencyKey();
                    assertTrue(byKey.get(key).size() >= 2, key + " was left unanswered, so it is resent with its key");
                }
            }
            for (String key : heldKeys) {
                assertTrue(byKey.get(key).size() >= 2, key + " was held unanswered, so it is resent with its key");
            }
        } else {
            assertEquals(0, resent, "never resent to a provider that cannot deduplicate");
            assertEquals(leftOpen, unknown,
                    "exactly the attempts kills left open are reported for the host to reconcile");
            assertTrue(unknown.size() <= kills.size(), r::toString);
            for (String key : heldKeys) {
                assertTrue(unknown.contains(key.substring(0, key.length() - "-email".length())), key + " was held");
            }
        }
    }

    private static void report(boolean deduplicates, long seed, List<Kill> kills, int messages, OutboxStore outbox,
                               long nanos) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("CrashTest (provider deduplicates: %s, seed %d): %d kills, %d messages, %.1f s%n",
                deduplicates, seed, kills.size(), messages, nanos / 1e9));
        Map<Phase, Integer> counts = new EnumMap<>(Phase.class);
        for (Kill k : kills) {
            counts.merge(k.phase(), 1, Integer::sum);
            b.append(String.format("  kill %2d  %-24s %4d requests in its life, %4d terminal after: %s%s%n",
                    k.generation(), k.timing(), k.requestsInLife(), k.terminalAfter(), k.phase().description,
                    k.open().isEmpty() ? "" : " (" + String.join(", ", k.open().stream().map(OutboxEntry::id).toList()) + ")"));
        }
        for (Phase p : Phase.values()) {
            b.append(String.format("  %2d x %s%n", counts.getOrDefault(p, 0), p.description));
        }
        // Who settled what a kill left open: the worker whose clock (a day per worker) stamped its last change.
        long open = kills.stream().mapToLong(k -> k.open().size()).sum();
        long byWorkerJvm = kills.stream().flatMap(k -> k.open().stream())
                .filter(e -> Duration.between(T0, outbox.find(e.id()).orElseThrow().updatedAt()).toDays()
                        < kills.size())
                .count();
        b.append(String.format("  %d attempts left open by kills, settled by a later worker JVM: %d,"
                        + " by the last worker: %d%n",
                open, byWorkerJvm, open - byWorkerJvm));
        System.out.print(b);
    }

    private static List<String> inFlight(DataSource ds) throws SQLException {
        // The store has no query by state; the ids are enough, the entries are read through the store.
        List<String> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM recall_outbox WHERE state = 'IN_FLIGHT'"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /**
     * Waits until the killed worker's database sessions are gone: a statement it sent just before dying still
     * runs to its end (and commits) on the server, and must not change the outbox after the test looks.
     */
    private static void awaitDisconnected(DataSource ds, String workerId) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, workerId);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < until, workerId + "'s sessions never ended (a hang guard)");
                Thread.sleep(5);
            }
        }
    }

    /** A worker JVM, its output copied to a log file. */
    private static final class Worker {
        final Process process;
        final Path log;
        final CountDownLatch ready = new CountDownLatch(1);
        final Thread pump;

        private Worker(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.pump = new Thread(this::pump, "crash-worker-log");
            pump.setDaemon(true);
            pump.start();
        }

        static Worker start(DataSource ds, int port, boolean deduplicates, String workerId, Instant start, Path logs)
                throws IOException {
            String url = Databases.url(ds);
            // The application name marks the worker's sessions, so the test can wait for them to end.
            url += (url.contains("?") ? "&" : "?") + "ApplicationName=" + workerId;
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(), url,
                    String.valueOf(port), String.valueOf(deduplicates), workerId, start.toString());
            pb.redirectErrorStream(true);
            return new Worker(pb.start(), logs.resolve(workerId + ".log"));
        }

        private void pump() {
            try (BufferedReader in = process.inputReader(); Writer out = Files.newBufferedWriter(log)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(line + "\n");
                    out.flush();
                    if (line.equals("ready")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the worker is gone; what it wrote so far is in the log
            }
        }

        /** Waits for {@code latch}, failing with the worker's log if the worker ends first. */
        void await(CountDownLatch latch, String what) throws Exception {
            long polls = 0;
            while (!latch.await(10, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive()) {
                    fail(ended("before " + what));
                }
                if (++polls > GUARD_SECONDS * 100) {
                    process.destroyForcibly();
                    fail("the worker JVM never reached " + what + " (a hang guard):\n" + log());
                }
            }
        }

        /** SIGKILL on Linux: no shutdown hook, no finally in the worker. Fails if it had ended by itself. */
        void kill() throws Exception {
            process.destroyForcibly();
            assertTrue(process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS), "the worker JVM survived SIGKILL");
            if (process.exitValue() != SIGKILLED) {
                fail(ended("before its kill"));
            }
        }

        String ended(String when) throws Exception {
            process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS);
            return "the worker JVM ended by itself (exit " + process.exitValue() + ") " + when + ":\n" + log();
        }

        private String log() throws Exception {
            pump.join(TimeUnit.SECONDS.toMillis(10));
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        }
    }
}
