package io.recall.delivery;

import io.recall.channels.Purpose;
import io.recall.delivery.LoopbackProvider.Mode;
import io.recall.testing.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A worker JVM dispatching against PostgreSQL is killed with SIGKILL ({@code destroyForcibly}) mid-dispatch,
 * again and again, each time at a request chosen at random (seeded) while the provider holds its answer, or
 * just after it answered; a fresh worker resumes every time, and a last one in this JVM finishes. Then no
 * message is lost, the counts reconcile, and the provider got each message once: resent keys only where an
 * attempt was left unanswered and the provider deduplicates by idempotency key.
 */
class CrashTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final int MESSAGES = 24;
    private static final long GUARD_SECONDS = 120; // a hang guard, never an assertion about speed

    @ParameterizedTest(name = "provider deduplicates: {0}")
    @ValueSource(booleans = {true, false})
    void killedWorkersLoseNothingAndSendNothingTwice(boolean deduplicates, @org.junit.jupiter.api.io.TempDir Path logs)
            throws Exception {
        DataSource ds = Databases.postgres();
        JdbcStores stores = JdbcStores.migrate(Databases.pooled(ds), T0);
        List<String> ids = Fixtures.ids(MESSAGES);
        for (String id : ids) {
            assertTrue(stores.outbox().enqueue(OutboxEntry.queued(OutboundMessage.of("c-" + id, ZoneId.of("UTC"),
                    Fixtures.email(id, "c-" + id, Purpose.SERVICE)), T0)));
        }
        Random random = new Random(deduplicates ? 7 : 11);
        List<String> heldKeys = new ArrayList<>();
        try (LoopbackProvider provider = new LoopbackProvider(deduplicates)) {
            int kills = deduplicates ? 3 : 2;
            for (int k = 0; k < kills; k++) {
                int at = provider.requests().size() + 2 + random.nextInt(5);
                Mode mode = k % 2 == 0 ? Mode.HOLD : Mode.ANSWER;
                CountDownLatch reached = provider.arm(at, mode);
                Process worker = start(Databases.url(ds), provider.port(), deduplicates, "jvm-" + k,
                        T0.plus(Duration.ofHours(k)), logs.resolve("worker-" + k + ".log"));
                try {
                    awaitOrFail(reached, worker, logs.resolve("worker-" + k + ".log"));
                } finally {
                    worker.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally in the worker
                    assertTrue(worker.waitFor(GUARD_SECONDS, TimeUnit.SECONDS));
                }
                provider.release();
                if (mode == Mode.HOLD) {
                    heldKeys.add(provider.requests().get(at - 1));
                }
                Reconciliation mid = stores.outbox().reconcile();
                assertTrue(mid.balances(), mid::toString);
                assertEquals(MESSAGES, mid.enqueued());
                assertTrue(mid.terminal() < MESSAGES, "the worker was killed before the end: " + mid);
            }

            DeliveryPipeline last = CrashWorker.pipeline(stores, provider.port(), deduplicates, "resumer");
            Fixtures.drain(last, List.of(), ids, T0.plus(Duration.ofHours(kills)), 100);

            Reconciliation r = stores.outbox().reconcile();
            assertTrue(r.balances(), r::toString);
            assertEquals(MESSAGES, r.terminal(), r::toString);
            Map<String, Integer> delivered = provider.delivered();
            List<String> requests = provider.requests();
            Map<String, Integer> requestsPerKey = new HashMap<>();
            requests.forEach(key -> requestsPerKey.merge(key, 1, Integer::sum));
            Set<String> keys = new HashSet<>();
            for (String id : ids) {
                keys.add(id + "-email");
            }
            assertEquals(keys, delivered.keySet(), "every message reached the provider, and nothing else did");
            delivered.forEach((key, n) -> assertEquals(1, n, key + " reached the customer " + n + " times"));
            requestsPerKey.forEach((key, n) -> assertTrue(n <= 2, key + " was requested " + n + " times"));
            long resent = requests.size() - requestsPerKey.size();
            assertTrue(resent <= kills, "at most one unanswered request per kill is resent, but " + resent + " were");
            if (deduplicates) {
                assertEquals(MESSAGES, r.count(DeliveryState.SENT), r::toString);
                for (String key : heldKeys) {
                    assertEquals(2, requestsPerKey.get(key), key + " was held unanswered, so it is resent with its key");
                }
            } else {
                assertEquals(0, resent, "never resent to a provider that cannot deduplicate");
                assertEquals(MESSAGES, r.count(DeliveryState.SENT) + r.count(DeliveryState.UNKNOWN_OUTCOME), r::toString);
                assertTrue(r.count(DeliveryState.UNKNOWN_OUTCOME) >= heldKeys.size(), r::toString);
                assertTrue(r.count(DeliveryState.UNKNOWN_OUTCOME) <= kills, r::toString);
                for (String key : heldKeys) {
                    OutboxEntry e = stores.outbox().findByIdempotencyKey(io.recall.channels.Channel.EMAIL, key).orElseThrow();
                    assertEquals(DeliveryState.UNKNOWN_OUTCOME, e.state(), key + " is reported for the host to reconcile");
                    assertEquals(DeliveryReason.NO_ANSWER, e.reason());
                }
            }
        }
    }

    private static Process start(String url, int port, boolean deduplicates, String workerId, Instant start, Path log)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashWorker.class.getName(), url, String.valueOf(port),
                String.valueOf(deduplicates), workerId, start.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private static void awaitOrFail(CountDownLatch reached, Process worker, Path log) throws Exception {
        long polls = 0;
        while (!reached.await(50, TimeUnit.MILLISECONDS)) {
            if (!worker.isAlive()) {
                fail("the worker JVM ended (exit " + worker.exitValue() + ") before the kill point:\n"
                        + Files.readString(log));
            }
            if (++polls > GUARD_SECONDS * 20) {
                fail("the worker JVM never reached the kill point (a hang guard):\n" + Files.readString(log));
            }
        }
    }
}
