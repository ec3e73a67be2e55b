package io.recall.incentive;

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
import java.util.function.Function;

/**
 * Points accounts in a database. An operation locks the account's row ({@code SELECT ... FOR UPDATE}), reads
 * its lines, decides, and appends; the primary key (account, operation id) keeps every operation once even
 * if two processes race, and the unique sequence keeps the lines in order.
 */
final class JdbcPointsLedger implements PointsLedger {

    private final DataSource ds;

    JdbcPointsLedger(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public PointsResult earn(String customerId, String operationId, long points, Instant at, Instant availableAt,
                             Instant expiresAt) {
        PointsEntry wanted = new PointsEntry(customerId, operationId, PointsEntry.Kind.EARNED, points, at, availableAt,
                expiresAt, Optional.empty());
        return step(customerId, "earning points", lines -> PointsBook.earn(lines, wanted)).result();
    }

    @Override
    public PointsResult redeem(String customerId, String operationId, long points, Instant now) {
        Objects.requireNonNull(now, "now");
        return step(customerId, "redeeming points", lines -> PointsBook.redeem(lines, customerId, operationId, points, now))
                .result();
    }

    @Override
    public PointsResult reverse(String customerId, String operationId, String earnOperationId, Instant now) {
        Objects.requireNonNull(now, "now");
        return step(customerId, "reversing points", lines -> PointsBook.reverse(lines, customerId, operationId,
                earnOperationId, now)).result();
    }

    @Override
    public int expire(String customerId, Instant now) {
        Objects.requireNonNull(now, "now");
        return step(customerId, "expiring points", lines -> new PointsBook.Step(null,
                PointsBook.expiries(lines, customerId, now))).write().size();
    }

    @Override
    public PointsBalance balance(String customerId, Instant now) {
        Objects.requireNonNull(now, "now");
        return PointsBook.balance(entries(customerId), now);
    }

    @Override
    public List<PointsEntry> entries(String customerId) {
        Objects.requireNonNull(customerId, "customerId");
        return Sql.tx(ds, "reading points", c -> lines(c, customerId));
    }

    private PointsBook.Step step(String customerId, String what, Function<List<PointsEntry>, PointsBook.Step> decide) {
        Objects.requireNonNull(customerId, "customerId");
        Sql.insertIfAbsent(ds, "opening a points account", "INSERT INTO recall_points_account (customer_id, lines) VALUES (?, 0)",
                customerId);
        return Sql.tx(ds, what, c -> {
            long n;
            try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT lines FROM recall_points_account"
                    + " WHERE customer_id = ? FOR UPDATE"), customerId); ResultSet rs = ps.executeQuery()) {
                rs.next();
                n = rs.getLong(1);
            }
            PointsBook.Step s = decide.apply(lines(c, customerId));
            for (PointsEntry e : s.write()) {
                Sql.update(c, "INSERT INTO recall_points_entry (customer_id, operation_id, seq, kind, points, at,"
                        + " available_at, expires_at, lot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", customerId, e.operationId(),
                        ++n, e.kind().name(), e.points(), e.at(), e.availableAt(), e.expiresAt(), e.lot().orElse(null));
            }
            if (!s.write().isEmpty()) {
                Sql.update(c, "UPDATE recall_points_account SET lines = ? WHERE customer_id = ?", n, customerId);
            }
            return s;
        });
    }

    private static List<PointsEntry> lines(Connection c, String customerId) throws SQLException {
        List<PointsEntry> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT operation_id, kind, points, at, available_at,"
                + " expires_at, lot FROM recall_points_entry WHERE customer_id = ? ORDER BY seq"), customerId);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new PointsEntry(customerId, rs.getString(1), PointsEntry.Kind.valueOf(rs.getString(2)), rs.getLong(3),
                        Sql.instant(rs.getLong(4)), Sql.instant(rs.getLong(5)), Sql.instant(rs.getLong(6)),
                        Optional.ofNullable(rs.getString(7))));
            }
        }
        return out;
    }
}
