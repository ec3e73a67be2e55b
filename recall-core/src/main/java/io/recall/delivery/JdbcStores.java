package io.recall.delivery;

import io.recall.delivery.internal.Jdbc;
import io.recall.delivery.internal.JdbcConsentLedger;
import io.recall.delivery.internal.JdbcDeliveryEventStore;
import io.recall.delivery.internal.JdbcFrequencyStore;
import io.recall.delivery.internal.JdbcOutboxStore;
import io.recall.delivery.internal.JdbcSuppressionStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * The delivery stores over a relational database through plain {@code java.sql}: the schema ships as
 * versioned DDL resources ({@code io/recall/delivery/V1__delivery_stores.sql}) applied by {@link #migrate}.
 * Tested on H2 2.x; written for PostgreSQL too (claims use {@code FOR UPDATE SKIP LOCKED} there).
 *
 * <p>Each store call takes a connection from the data source and returns it before answering, so nothing is
 * held open while a provider answers. Use a pooling data source in production.
 */
public final class JdbcStores {

    private final DataSource ds;

    private JdbcStores(DataSource ds) {
        this.ds = ds;
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
        return new JdbcOutboxStore(ds);
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
        return new JdbcFrequencyStore(ds);
    }

    /** The delivery events. */
    public DeliveryEventStore events() {
        return new JdbcDeliveryEventStore(ds);
    }
}
