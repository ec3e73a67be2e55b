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

/**
 * The coupon ledger in a database. Every step locks the coupon's row ({@code SELECT ... FOR UPDATE}) and then
 * takes a redemption with one guarded write ({@code UPDATE ... WHERE reserved + redeemed < max_redemptions}),
 * so processes sharing the database serialise on the coupon and can never take more than its limit; the
 * primary key (code, order) makes each order's use unique.
 */
final class JdbcCouponLedger implements CouponLedger {

    private static final String COUPON = "SELECT code, campaign_id, customer_id, max_redemptions, per_customer, issued_at,"
            + " expires_at, status, reserved, redeemed FROM recall_coupon";
    private static final String USE = "SELECT code, order_id, customer_id, state, at, hold_until FROM recall_coupon_use";

    private final DataSource ds;

    JdbcCouponLedger(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public boolean issue(Coupon c) {
        Objects.requireNonNull(c, "coupon");
        return Sql.insertIfAbsent(ds, "issuing a coupon", "INSERT INTO recall_coupon (code, campaign_id, customer_id,"
                        + " max_redemptions, per_customer, issued_at, expires_at, status, reserved, redeemed)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', 0, 0)", c.code(), c.campaignId(), c.customerId().orElse(null),
                c.maxRedemptions(), c.perCustomerLimit(), c.issuedAt(), c.expiresAt());
    }

    @Override
    public Optional<CouponState> find(String code) {
        Objects.requireNonNull(code, "code");
        return Optional.ofNullable(Sql.tx(ds, "finding a coupon", c -> coupon(c, code, false)));
    }

    @Override
    public List<CouponUse> uses(String code) {
        Objects.requireNonNull(code, "code");
        return Sql.tx(ds, "listing a coupon's uses", c -> {
            List<CouponUse> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.bind(c.prepareStatement(USE + " WHERE code = ?"), code);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(use(rs));
                }
            }
            // Sorted here, not by the database's collation, so every store lists alike.
            out.sort(java.util.Comparator.comparing(CouponUse::orderId));
            return List.copyOf(out);
        });
    }

    @Override
    public Redemption reserve(String code, String customerId, String orderId, Instant holdUntil, Instant now) {
        return step(false, code, customerId, orderId, Objects.requireNonNull(holdUntil, "holdUntil"), now);
    }

    @Override
    public Redemption redeem(String code, String customerId, String orderId, Instant now) {
        return step(true, code, customerId, orderId, null, now);
    }

    private Redemption step(boolean redeem, String code, String customerId, String orderId, Instant holdUntil, Instant now) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(now, "now");
        return Sql.tx(ds, redeem ? "redeeming a coupon" : "reserving a coupon", c -> {
            CouponState state = coupon(c, code, true);
            CouponUse use = state == null ? null : use(c, code, orderId);
            int live = state == null ? 0 : (int) Sql.count(c, "SELECT COUNT(*) FROM recall_coupon_use WHERE code = ?"
                    + " AND customer_id = ? AND order_id <> ? AND state <> 'RELEASED'", code, customerId, orderId);
            CouponRules.Step s = CouponRules.decide(redeem, code, state, use, live, customerId, orderId, now);
            if (s.action() == CouponRules.Action.TAKE) {
                int taken = Sql.update(c, "UPDATE recall_coupon SET reserved = reserved + ?, redeemed = redeemed + ?"
                        + " WHERE code = ? AND status = 'ACTIVE' AND reserved + redeemed < max_redemptions",
                        redeem ? 0 : 1, redeem ? 1 : 0, code);
                if (taken != 1) {
                    throw new IllegalStateException("coupon " + code + " changed under its row lock");
                }
                String newState = redeem ? "REDEEMED" : "RESERVED";
                Instant hold = redeem ? now : holdUntil;
                if (use == null) {
                    Sql.update(c, "INSERT INTO recall_coupon_use (code, order_id, customer_id, state, at, hold_until)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", code, orderId, customerId, newState, now, hold);
                } else {
                    Sql.update(c, "UPDATE recall_coupon_use SET state = ?, at = ?, hold_until = ? WHERE code = ?"
                            + " AND order_id = ? AND state = 'RELEASED'", newState, now, hold, code, orderId);
                }
            } else if (s.action() == CouponRules.Action.CONVERT) {
                Sql.update(c, "UPDATE recall_coupon SET reserved = reserved - 1, redeemed = redeemed + 1 WHERE code = ?", code);
                Sql.update(c, "UPDATE recall_coupon_use SET state = 'REDEEMED', at = ?, hold_until = ? WHERE code = ?"
                        + " AND order_id = ? AND state = 'RESERVED'", now, now, code, orderId);
            }
            return s.answer();
        });
    }

    @Override
    public boolean release(String code, String orderId, Instant now) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(now, "now");
        return Sql.tx(ds, "releasing a coupon reservation", c -> {
            if (coupon(c, code, true) == null) {
                return false;
            }
            CouponUse use = use(c, code, orderId);
            if (use == null || use.state() == CouponUse.State.RELEASED) {
                return false;
            }
            if (use.state() == CouponUse.State.REDEEMED) {
                throw new IllegalStateException("order " + orderId + " redeemed coupon " + code
                        + "; a redemption cannot be released");
            }
            Sql.update(c, "UPDATE recall_coupon_use SET state = 'RELEASED', at = ? WHERE code = ? AND order_id = ?"
                    + " AND state = 'RESERVED'", now, code, orderId);
            Sql.update(c, "UPDATE recall_coupon SET reserved = reserved - 1 WHERE code = ?", code);
            return true;
        });
    }

    @Override
    public boolean revoke(String code, Instant now) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(now, "now");
        return Sql.tx(ds, "revoking a coupon", c -> Sql.update(c,
                "UPDATE recall_coupon SET status = 'REVOKED' WHERE code = ? AND status = 'ACTIVE'", code) == 1);
    }

    @Override
    public int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        int n = Sql.tx(ds, "expiring coupons", c -> Sql.update(c,
                "UPDATE recall_coupon SET status = 'EXPIRED' WHERE status = 'ACTIVE' AND expires_at <= ?", now));
        List<String[]> held = Sql.tx(ds, "finding reservations past their hold", c -> {
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT code, order_id FROM recall_coupon_use"
                    + " WHERE state = 'RESERVED' AND hold_until <= ? ORDER BY code, order_id"), now);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            return out;
        });
        for (String[] h : held) {
            // Each in its own step: a concurrent redemption may have taken it since.
            try {
                if (release(h[0], h[1], now)) {
                    n++;
                }
            } catch (IllegalStateException redeemedMeanwhile) {
                // the order redeemed it between the query and the release; nothing to give back
            }
        }
        return n;
    }

    private static CouponState coupon(Connection c, String code, boolean lock) throws SQLException {
        try (PreparedStatement ps = Sql.bind(c.prepareStatement(COUPON + " WHERE code = ?" + (lock ? " FOR UPDATE" : "")), code);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            Coupon coupon = new Coupon(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)), rs.getInt(4),
                    rs.getInt(5), Sql.instant(rs.getLong(6)), Sql.instant(rs.getLong(7)));
            return new CouponState(coupon, CouponState.Status.valueOf(rs.getString(8)), rs.getInt(9), rs.getInt(10));
        }
    }

    private static CouponUse use(Connection c, String code, String orderId) throws SQLException {
        try (PreparedStatement ps = Sql.bind(c.prepareStatement(USE + " WHERE code = ? AND order_id = ?"), code, orderId);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? use(rs) : null;
        }
    }

    private static CouponUse use(ResultSet rs) throws SQLException {
        return new CouponUse(rs.getString(1), rs.getString(2), rs.getString(3), CouponUse.State.valueOf(rs.getString(4)),
                Sql.instant(rs.getLong(5)), Sql.instant(rs.getLong(6)));
    }
}
