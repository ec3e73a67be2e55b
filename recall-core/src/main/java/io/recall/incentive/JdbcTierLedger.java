package io.recall.incentive;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tier histories in a database. Appending writes the line after the one read as current, numbered; the primary
 * key (member, number) lets only one of two racing appends through, which is the compare-and-set.
 */
final class JdbcTierLedger implements TierLedger {

    private final DataSource ds;

    JdbcTierLedger(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public Optional<TierChange> current(String customerId) {
        List<TierChange> h = history(customerId);
        return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1));
    }

    @Override
    public List<TierChange> history(String customerId) {
        Objects.requireNonNull(customerId, "customerId");
        return Sql.tx(ds, "reading a tier history", c -> read(c, customerId));
    }

    private static List<TierChange> read(Connection c, String customerId) throws SQLException {
        List<TierChange> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT from_tier, to_tier, reason, at, kept_until"
                + " FROM recall_tier_change WHERE customer_id = ? ORDER BY seq"), customerId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TierChange(customerId, Optional.ofNullable(rs.getString(1)), rs.getString(2),
                        TierChange.Reason.valueOf(rs.getString(3)), Sql.instant(rs.getLong(4)), Sql.instant(rs.getLong(5))));
            }
        }
        return out;
    }

    @Override
    public boolean append(TierChange change) {
        Objects.requireNonNull(change, "change");
        List<TierChange> h = history(change.customerId());
        Optional<String> current = h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1).to());
        if (!current.equals(change.from())) {
            return false;
        }
        return Sql.insertIfAbsent(ds, "appending a tier change", "INSERT INTO recall_tier_change (customer_id, seq, from_tier,"
                + " to_tier, reason, at, kept_until) VALUES (?, ?, ?, ?, ?, ?, ?)", change.customerId(), h.size() + 1,
                change.from().orElse(null), change.to(), change.reason().name(), change.at(), change.keptUntil());
    }
}
