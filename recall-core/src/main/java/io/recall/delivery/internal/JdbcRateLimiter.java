package io.recall.delivery.internal;

import io.recall.channels.Capabilities;
import io.recall.delivery.RateLimiter;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@link RateLimiter} over plain {@code java.sql}: one row per bucket holding its theoretical arrival time,
 * read and written under a row lock in one short transaction, so every process on the database shares it.
 */
public final class JdbcRateLimiter implements RateLimiter {

    private final DataSource ds;
    private final Dialect dialect;

    /** A limiter over an already migrated database of a known dialect. */
    public JdbcRateLimiter(DataSource ds, Dialect dialect) {
        this.ds = Objects.requireNonNull(ds, "ds");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    @Override
    public Grant acquire(String bucket, Capabilities.RateLimit limit, int wanted, Instant now) {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(limit, "limit");
        long at = Jdbc.nanos(now);
        while (true) {
            Grant grant = Jdbc.tx(ds, "taking rate limit permits for " + bucket, c -> {
                OptionalLong tat;
                try (PreparedStatement ps = Jdbc.bind(c.prepareStatement(
                        "SELECT tat FROM recall_rate_limit WHERE bucket = ?" + dialect.rowLock()), bucket);
                     ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long t = rs.getLong(1);
                    tat = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(t);
                }
                Gcra.Step step = Gcra.take(limit, tat, wanted, at);
                Jdbc.update(c, "UPDATE recall_rate_limit SET tat = ? WHERE bucket = ?", step.tat(), bucket);
                return new Grant(step.permits(), Jdbc.instant(step.nextAt()));
            });
            if (grant != null) {
                return grant;
            }
            // First use of the bucket: create its row outside the locking transaction (a unique-key clash with
            // another process doing the same would abort that transaction on PostgreSQL), then lock it.
            Jdbc.auto(ds, "creating rate limit bucket " + bucket, c -> {
                try {
                    return Jdbc.update(c, "INSERT INTO recall_rate_limit (bucket) VALUES (?)", bucket);
                } catch (SQLException e) {
                    if (Jdbc.isDuplicateKey(e)) {
                        return 0;
                    }
                    throw e;
                }
            });
        }
    }
}
