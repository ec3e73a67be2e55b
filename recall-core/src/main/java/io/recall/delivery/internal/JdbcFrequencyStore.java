package io.recall.delivery.internal;

import io.recall.channels.Channel;
import io.recall.delivery.FrequencyCap;
import io.recall.delivery.FrequencyStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link FrequencyStore} over plain {@code java.sql}: one row per counted send key. */
public final class JdbcFrequencyStore implements FrequencyStore {

    private final DataSource ds;
    private final Dialect dialect;

    /** A store over an already migrated database, its dialect read from the database. */
    public JdbcFrequencyStore(DataSource ds) {
        this(ds, Dialect.detect(ds));
    }

    /** A store over an already migrated database of a known dialect. */
    public JdbcFrequencyStore(DataSource ds, Dialect dialect) {
        this.ds = Objects.requireNonNull(ds, "ds");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    @Override
    public void record(String key, String customerId, Channel channel, Instant at) {
        Objects.requireNonNull(key, "key");
        if (dialect == Dialect.POSTGRESQL || dialect == Dialect.H2) {
            // One atomic upsert: two workers counting the same key never clash.
            Jdbc.auto(ds, "counting a send", c -> upsert(c, key, customerId, channel, at));
            return;
        }
        Jdbc.tx(ds, "counting a send", c -> upsert(c, key, customerId, channel, at));
    }

    private int upsert(Connection c, String key, String customerId, Channel channel, Instant at) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            return Jdbc.update(c, "INSERT INTO recall_frequency (send_key, customer_id, channel, at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (send_key) DO UPDATE SET customer_id = EXCLUDED.customer_id,"
                    + " channel = EXCLUDED.channel, at = EXCLUDED.at", key, customerId, channel.id(), at);
        }
        if (dialect == Dialect.H2) {
            return Jdbc.update(c, "MERGE INTO recall_frequency (send_key, customer_id, channel, at) KEY (send_key)"
                    + " VALUES (?, ?, ?, ?)", key, customerId, channel.id(), at);
        }
        Jdbc.update(c, "DELETE FROM recall_frequency WHERE send_key = ?", key);
        return Jdbc.update(c, "INSERT INTO recall_frequency (send_key, customer_id, channel, at) VALUES (?, ?, ?, ?)",
                key, customerId, channel.id(), at);
    }

    @Override
    public void release(String key) {
        Jdbc.auto(ds, "releasing a counted send", c -> Jdbc.update(c, "DELETE FROM recall_frequency WHERE send_key = ?", key));
    }

    @Override
    public List<CountedSend> sendsSince(String customerId, Optional<Channel> channel, Instant since) {
        return Jdbc.auto(ds, "reading counted sends", c -> sendsSince(c, customerId, channel, since));
    }

    private static List<CountedSend> sendsSince(Connection c, String customerId, Optional<Channel> channel, Instant since)
            throws SQLException {
        String sql = "SELECT send_key, channel, at FROM recall_frequency WHERE customer_id = ? AND at >= ?"
                + (channel.isPresent() ? " AND channel = ?" : "") + " ORDER BY at, send_key";
        try (PreparedStatement ps = channel.isPresent()
                ? Jdbc.bind(c.prepareStatement(sql), customerId, since, channel.get().id())
                : Jdbc.bind(c.prepareStatement(sql), customerId, since);
             ResultSet rs = ps.executeQuery()) {
            List<CountedSend> all = new ArrayList<>();
            while (rs.next()) {
                all.add(new CountedSend(rs.getString(1), Channel.of(rs.getString(2)), Jdbc.instant(rs.getLong(3))));
            }
            return List.copyOf(all);
        }
    }

    /**
     * Locks the customer's row in {@code recall_frequency_lock} (by updating it), then counts and
     * records in the same transaction: a second worker for the same customer waits for the first to commit.
     */
    @Override
    public Optional<Instant> tryAcquire(String entryId, String customerId, Channel channel, Instant now,
                                        List<FrequencyCap> caps) {
        Objects.requireNonNull(entryId, "entryId");
        // The lock row is created once per customer, outside the locking transaction (a unique-key clash with
        // another worker creating it would abort that transaction on PostgreSQL).
        Jdbc.auto(ds, "creating the frequency lock of " + customerId, c -> {
            try {
                return Jdbc.update(c, "INSERT INTO recall_frequency_lock (customer_id) VALUES (?)", customerId);
            } catch (SQLException e) {
                if (Jdbc.isDuplicateKey(e)) {
                    return 0;
                }
                throw e;
            }
        });
        // Contended on purpose (every worker serving the customer takes the lock): lock waits and serialization
        // failures are redone with pauses, up to 20 times.
        return io.recall.internal.JdbcSupport.inTransaction(ds, "checking frequency caps",
                io.recall.internal.JdbcSupport.Retry.CONTENDED, c -> {
            // An update rather than SELECT ... FOR UPDATE: it writes a new version of the row, so under REPEATABLE
            // READ (a host's pool default) a worker that waited for the lock fails with a serialization error and
            // is run again, instead of counting from a snapshot that misses the sends the other worker recorded.
            if (Jdbc.update(c, "UPDATE recall_frequency_lock SET customer_id = customer_id WHERE customer_id = ?",
                    customerId) != 1) {
                throw new SQLException("frequency lock row of " + customerId + " vanished");
            }
            List<SQLException> failed = new ArrayList<>();
            Optional<Instant> blocked = FrequencyCaps.blockedUntil(entryId, channel, now, caps, (ch, since) -> {
                try {
                    return sendsSince(c, customerId, ch, since);
                } catch (SQLException e) {
                    failed.add(e);
                    return List.of();
                }
            });
            if (!failed.isEmpty()) {
                throw failed.get(0);
            }
            if (blocked.isEmpty()) {
                upsert(c, entryId, customerId, channel, now);
            }
            return blocked;
        });
    }
}
