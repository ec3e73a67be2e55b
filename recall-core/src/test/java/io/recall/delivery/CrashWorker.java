package io.recall.delivery;

import io.recall.testing.Databases;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import javax.sql.DataSource;

/**
 * The worker JVM of {@link CrashTest}: dispatches the outbox on a database to a {@link LoopbackProvider}
 * until every message is terminal, or until it is killed. Its clock is simulated: round {@code r} runs at
 * {@code start + r} seconds, so leases and dues never depend on how fast the machine is.
 *
 * <p>Arguments: JDBC URL, provider port, provider deduplicates (true/false), worker id, start instant.
 */
public final class CrashWorker {

    static final Duration LEASE = Duration.ofMinutes(1);

    private CrashWorker() {
    }

    public static void main(String[] args) {
        // The worker JVM gets only a URL, with the user in it.
        DataSource ds = Databases.pooled(Databases.dataSource(args[0], null, null));
        JdbcStores stores = JdbcStores.migrate(ds, Instant.parse(args[4]));
        DeliveryPipeline pipeline = pipeline(stores, Integer.parseInt(args[1]), Boolean.parseBoolean(args[2]), args[3]);
        Instant now = Instant.parse(args[4]);
        while (pipeline.reconcile().terminal() < pipeline.reconcile().enqueued()) {
            pipeline.dispatch(now);
            now = now.plusSeconds(1);
        }
        System.out.println("done: " + pipeline.reconcile());
    }

    static DeliveryPipeline pipeline(JdbcStores stores, int port, boolean deduplicates, String workerId) {
        return DeliveryPipeline.newBuilder().outbox(stores.outbox()).suppressions(stores.suppressions())
                .consents(stores.consents()).frequency(stores.frequency()).rateLimiter(stores.rateLimiter())
                .adapter(new SocketAdapter(port, deduplicates)).workerId(workerId).random(new Random(1))
                .policy(DeliveryPolicy.newBuilder().lease(LEASE).claimLimit(2).backoff(Duration.ofSeconds(1),
                        Duration.ofSeconds(1)).build())
                .build();
    }
}
