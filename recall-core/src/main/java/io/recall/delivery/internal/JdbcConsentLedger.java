package io.recall.delivery.internal;

import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link ConsentLedger} over plain {@code java.sql}: insert-only, ordered by time then by insertion. */
public final class JdbcConsentLedger implements ConsentLedger {

    private static final String COLUMNS = "customer_id, channel, purpose, decision, at, text_version, source";

    private final DataSource ds;

    /** A ledger over an already migrated database. */
    public JdbcConsentLedger(DataSource ds) {
        this.ds = Objects.requireNonNull(ds, "ds");
    }

    /** The database this ledger is over. */
    DataSource dataSource() {
        return ds;
    }

    @Override
    public void append(ConsentEntry e) {
        Objects.requireNonNull(e, "entry");
        Jdbc.auto(ds, "appending consent", c -> Jdbc.update(c, "INSERT INTO recall_consent (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?)", e.customerId(), e.channel().id(), e.purpose().name(),
                e.decision().name(), e.at(), e.textVersion(), e.source()));
    }

    @Override
    public Optional<ConsentEntry> current(String customerId, Channel channel, Purpose purpose, Instant asOf) {
        return Jdbc.auto(ds, "reading consent", c -> {
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT " + COLUMNS + " FROM recall_consent"
                            + " WHERE customer_id = ? AND channel = ? AND purpose = ? AND at <= ?"
                            + " ORDER BY at DESC, seq DESC LIMIT 1"), customerId, channel.id(), purpose.name(), asOf);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public Optional<ConsentEntry> latest(String customerId, Channel channel, Purpose purpose) {
        return Jdbc.auto(ds, "reading the latest consent", c -> {
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT " + COLUMNS + " FROM recall_consent"
                            + " WHERE customer_id = ? AND channel = ? AND purpose = ? ORDER BY at DESC, seq DESC LIMIT 1"),
                    customerId, channel.id(), purpose.name());
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        });
    }

    /**
     * {@link #current} for many keys in one query per {@value RoundReads#CHUNK} customers: their entries at or
     * before {@code asOf}, the latest per channel and purpose picked here (by time, then by order of appending).
     */
    List<Optional<ConsentEntry>> current(List<RoundReads.ConsentKey> keys, Instant asOf) {
        Map<RoundReads.ConsentKey, ConsentEntry> latest = new HashMap<>();
        List<String> customers = keys.stream().map(RoundReads.ConsentKey::customerId).distinct().toList();
        for (int from = 0; from < customers.size(); from += RoundReads.CHUNK) {
            List<String> chunk = customers.subList(from, Math.min(customers.size(), from + RoundReads.CHUNK));
            Object[] values = new Object[chunk.size() + 1];
            System.arraycopy(chunk.toArray(), 0, values, 0, chunk.size());
            values[chunk.size()] = asOf;
            Jdbc.auto(ds, "reading consent", c -> {
                try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT " + COLUMNS + " FROM recall_consent"
                        + " WHERE customer_id IN (" + RoundReads.placeholders(chunk.size()) + ") AND at <= ?"
                        + " ORDER BY at, seq"), values);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ConsentEntry e = row(rs); // ascending: each later entry replaces the one before
                        latest.put(new RoundReads.ConsentKey(e.customerId(), e.channel(), e.purpose()), e);
                    }
                    return null;
                }
            });
        }
        List<Optional<ConsentEntry>> all = new ArrayList<>(keys.size());
        for (RoundReads.ConsentKey k : keys) {
            all.add(Optional.ofNullable(latest.get(k)));
        }
        return all;
    }

    @Override
    public List<ConsentEntry> history(String customerId) {
        return Jdbc.auto(ds, "reading consent history", c -> {
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT " + COLUMNS + " FROM recall_consent"
                    + " WHERE customer_id = ? ORDER BY seq"), customerId);
                 ResultSet rs = ps.executeQuery()) {
                List<ConsentEntry> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(row(rs));
                }
                return List.copyOf(all);
            }
        });
    }

    private static ConsentEntry row(ResultSet rs) throws SQLException {
        return new ConsentEntry(rs.getString(1), Channel.of(rs.getString(2)), Purpose.valueOf(rs.getString(3)),
                ConsentEntry.Decision.valueOf(rs.getString(4)), Jdbc.instant(rs.getLong(5)), rs.getString(6),
                rs.getString(7));
    }
}
