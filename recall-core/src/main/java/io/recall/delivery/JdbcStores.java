package io.recall.delivery;

import io.recall.delivery.internal.Dialect;
import io.recall.delivery.internal.Jdbc;
import io.recall.delivery.internal.JdbcConsentLedger;
import io.recall.delivery.internal.JdbcDeliveryEventStore;
import io.recall.delivery.internal.JdbcFrequencyStore;
import io.recall.delivery.internal.JdbcOutboxStore;
import io.recall.delivery.internal.JdbcRateLimiter;
import io.recall.delivery.internal.JdbcSuppressionStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * The delivery stores over a relational database through plain {@code java.sql}: the schema ships as
 * versioned DDL resources ({@code io/recall/delivery/V1__delivery_stores.sql}, {@code V2__rate_limits.sql})
 * applied by {@link #migrate}. Tested on H2 2.x and PostgreSQL; the dialect is read once from the database's
 * product name: on PostgreSQL claims use {@code FOR UPDATE SKIP LOCKED} and upserts {@code ON CONFLICT}, on
 * H2 claims use {@code FOR UPDATE} and upserts {@code MERGE}, elsewhere plain {@code FOR UPDATE} and a delete
 * and insert in one transaction.
 *
 * <p>Each store call takes a connection from the data source and returns it before answering, so nothing is
 * held open while a provider answers. Use a pooling data source in production.
 */
public final class JdbcStores {

    private final DataSource ds;
    private final Dialect dialect;

    private JdbcStores(DataSource ds) {
        this.ds = ds;
        this.dialect = Dialect.detect(ds);
    }

    /**
     * Applies every schema version the database lacks (recorded in {@code recall_schema_version}) and returns
     * the stores over it.
     *
     * @param now when the migration runs, recorded with each version applied
     */
    public static JdbcStores migrate(DataSource ds, Instant now) {
        Objects.requireNonNull(ds, "ds");
        Jdbc.migrate(ds, Objects.requireNonNull(now, "now"));
        return new JdbcStores(ds);
    }

    /**
     * Enqueues a message on the host's own connection, inside the host's transaction (the transactional
     * outbox): the message exists exactly when the host's business change commits.
     *
     * @return false when a message with this id was enqueued before
     * @throws SQLException as the host's connection reports it; the host decides about its transaction
     */
    public static boolean enqueue(Connection connection, OutboundMessage message, Instant now) throws SQLException {
        return JdbcOutboxStore.enqueue(Objects.requireNonNull(connection, "connection"),
                OutboxEntry.queued(Objects.requireNonNull(message, "message"), Objects.requireNonNull(now, "now")));
    }

    /** The outbox. */
    public OutboxStore outbox() {
        return new JdbcOutboxStore(ds, dialect);
    }

    /** The suppression list. */
    public SuppressionStore suppressions() {
        return new JdbcSuppressionStore(ds);
    }

    /** The consent ledger. */
    public ConsentLedger consents() {
        return new JdbcConsentLedger(ds);
    }

    /** The frequency counters. */
    public FrequencyStore frequency() {
        return new JdbcFrequencyStore(ds, dialect);
    }

    /**
     * Rate limits shared by every worker, in every process, whose pipeline uses this limiter on this
     * database: one row per bucket, updated under a row lock.
     */
    public RateLimiter rateLimiter() {
        return new JdbcRateLimiter(ds, dialect);
    }

    /** The delivery events. */
    public DeliveryEventStore events() {
        return new JdbcDeliveryEventStore(ds);
    }
}
