package io.recall.delivery;

import io.recall.testing.Databases;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The worker JVM of {@link CrashTest}: prints {@code ready} once its stores and pipeline are built, then
 * dispatches the outbox on a database to a {@link LoopbackProvider} round after round until it is killed; it
 * never ends by itself (when idle it polls), so any exit before the kill is a crash the test reports. Its
 * clock is simulated: round {@code r} runs at {@code start + r} seconds, so leases and dues never depend on
 * how fast the machine is. It exits if the test JVM that started it is gone, so a failed test leaves no
 * stray worker behind.
 *
 * <p>Arguments: JDBC URL, provider port, provider deduplicates (true/false), worker id, start instant.
 */
public final class CrashWorker {

    static final Duration LEASE = Duration.ofMinutes(1);
    /** More than any message can reach in the test (one per kill, plus the last), so no resend is given up. */
    static final int MAX_ATTEMPTS = 100;
    /** The most messages a worker claims per round, and so the most attempts a kill can leave open. */
    static final int CLAIM_LIMIT = 2;

    private CrashWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        orphanGuard();
        // The worker JVM gets only a URL, with the user in it.
        DataSource ds = Databases.pooled(Databases.dataSource(args[0], null, null));
        JdbcStores stores = JdbcStores.migrate(ds, Instant.parse(args[4]));
        DeliveryPipeline pipeline = pipeline(stores, Integer.parseInt(args[1]), Boolean.parseBoolean(args[2]), args[3]);
        System.out.println("ready");
        System.out.flush();
        Instant now = Instant.parse(args[4]);
        while (true) {
            DispatchReport report = pipeline.dispatch(now);
            now = now.plusSeconds(1);
            if (report.claimed() == 0) {
                Thread.sleep(5); // nothing due: a retry's backoff is a simulated second or two away
            }
        }
    }

    private static void orphanGuard() {
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        Thread guard = new Thread(() -> {
            while (parent.isAlive()) {
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.println("the test JVM is gone: exiting");
            System.exit(3);
        }, "orphan-guard");
        guard.setDaemon(true);
        guard.start();
    }

    static DeliveryPipeline pipeline(JdbcStores stores, int port, boolean deduplicates, String workerId) {
        return DeliveryPipeline.newBuilder().outbox(stores.outbox()).suppressions(stores.suppressions())
                .consents(stores.consents()).frequency(stores.frequency()).rateLimiter(stores.rateLimiter())
                .adapter(new SocketAdapter(port, deduplicates)).workerId(workerId).random(new Random(1))
                .policy(DeliveryPolicy.newBuilder().lease(LEASE).claimLimit(CLAIM_LIMIT).maxAttempts(MAX_ATTEMPTS)
                        .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).build())
                .build();
    }
}
