package io.recall.delivery.internal;

import io.recall.channels.Channel;
import io.recall.delivery.FrequencyStore;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
        // One atomic upsert where the dialect has one: two workers counting the same key never clash.
        if (dialect == Dialect.POSTGRESQL) {
            Jdbc.auto(ds, "counting a send", c -> Jdbc.update(c, "INSERT INTO recall_frequency (send_key, customer_id,"
                    + " channel, at) VALUES (?, ?, ?, ?) ON CONFLICT (send_key) DO UPDATE SET customer_id ="
                    + " EXCLUDED.customer_id, channel = EXCLUDED.channel, at = EXCLUDED.at", key, customerId,
                    channel.id(), at));
            return;
        }
        if (dialect == Dialect.H2) {
            Jdbc.auto(ds, "counting a send", c -> Jdbc.update(c, "MERGE INTO recall_frequency (send_key, customer_id,"
                    + " channel, at) KEY (send_key) VALUES (?, ?, ?, ?)", key, customerId, channel.id(), at));
            return;
        }
        Jdbc.tx(ds, "counting a send", c -> {
            Jdbc.update(c, "DELETE FROM recall_frequency WHERE send_key = ?", key);
            return Jdbc.update(c, "INSERT INTO recall_frequency (send_key, customer_id, channel, at) VALUES (?, ?, ?, ?)",
                    key, customerId, channel.id(), at);
        });
    }

    @Override
    public void release(String key) {
        Jdbc.auto(ds, "releasing a counted send", c -> Jdbc.update(c, "DELETE FROM recall_frequency WHERE send_key = ?", key));
    }

    @Override
    public List<CountedSend> sendsSince(String customerId, Optional<Channel> channel, Instant since) {
        return Jdbc.auto(ds, "reading counted sends", c -> {
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
        });
    }
}
