package io.recall.incentive;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.Money;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The budget ledger in a database, shared by every instance running the campaign. A reservation locks the
 * customer's row and then each budget row it takes from ({@code SELECT ... FOR UPDATE}, always in one order,
 * so two instances cannot deadlock), checks the limits, and takes with guarded writes
 * ({@code UPDATE ... WHERE used + amount <= limit}); commit and release lock the reservation first. The
 * limits are the rule set's: each instance checks the limits it was given against the shared use.
 */
final class JdbcBudgetLedger implements BudgetLedger {

    private final DataSource ds;
    private final BudgetBook book;

    JdbcBudgetLedger(DataSource ds, BudgetBook book) {
        this.ds = ds;
        this.book = book;
    }

    @Override
    public BudgetEffect reserve(String customerId, String segmentId, String ruleId, Money amount, Instant now,
                                Instant expiresAt) {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiresAt, "expiresAt");
        long minor = book.minor(amount);
        List<BudgetBook.Line> lines = book.applying(segmentId, ruleId, now);
        List<BudgetBook.Line> sorted = new ArrayList<>(lines);
        Collections.sort(sorted);
        for (int attempt = 0; ; attempt++) {
            BudgetBook.Outcome o = Sql.tx(ds, "reserving from budgets", c -> reserve(c, customerId, ruleId, lines, sorted,
                    minor, now, expiresAt));
            if (o != null) {
                return book.effect(o, customerId, amount);
            }
            if (attempt > 0) {
                throw new IllegalStateException("budget rows of campaign " + book.campaign + " vanished while reserving");
            }
            // First use of a budget period or of a customer: create the rows, then lock them.
            Sql.insertIfAbsent(ds, "creating a customer's allowance", "INSERT INTO recall_budget_customer (campaign,"
                    + " customer_id, live) VALUES (?, ?, 0)", book.campaign, customerId);
            for (BudgetBook.Line l : sorted) {
                Sql.insertIfAbsent(ds, "creating a budget period", "INSERT INTO recall_budget_use (scope, budget_id,"
                        + " period_start, currency, reserved_minor, committed_minor, reserved_count, committed_count)"
                        + " VALUES (?, ?, ?, ?, 0, 0, 0, 0)", l.scope(), l.budgetId(), l.period(), book.currency.getCurrencyCode());
            }
        }
    }

    /** The outcome, or null when a row to lock does not exist yet. */
    private BudgetBook.Outcome reserve(Connection c, String customerId, String ruleId, List<BudgetBook.Line> lines,
                                       List<BudgetBook.Line> sorted, long minor, Instant now, Instant expiresAt)
            throws SQLException {
        int held;
        try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT live FROM recall_budget_customer WHERE campaign = ?"
                + " AND customer_id = ? FOR UPDATE"), book.campaign, customerId); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            held = rs.getInt(1);
        }
        Map<String, long[]> usedByKey = new LinkedHashMap<>();
        for (BudgetBook.Line l : sorted) {
            try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT reserved_minor + committed_minor,"
                    + " reserved_count + committed_count, currency FROM recall_budget_use WHERE scope = ? AND budget_id = ?"
                    + " AND period_start = ? FOR UPDATE"), l.scope(), l.budgetId(), l.period()); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (!rs.getString(3).trim().equals(book.currency.getCurrencyCode())) {
                    throw new CurrencyMismatchException(book.currency, Money.currency(rs.getString(3).trim()));
                }
                usedByKey.put(l.key(), new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        long[][] used = new long[lines.size()][];
        for (int k = 0; k < lines.size(); k++) {
            used[k] = usedByKey.get(lines.get(k).key());
        }
        BudgetBook.Outcome o = new BudgetBook.Outcome();
        if (!book.decide(lines, used, held, minor, o)) {
            return o;
        }
        for (BudgetBook.Line l : sorted) {
            long limitMinor = book.limitMinor[l.index()];
            int n = Sql.update(c, "UPDATE recall_budget_use SET reserved_minor = reserved_minor + ?, reserved_count ="
                    + " reserved_count + 1 WHERE scope = ? AND budget_id = ? AND period_start = ?"
                    + " AND reserved_minor + committed_minor <= ? AND reserved_count + committed_count < ?",
                    minor, l.scope(), l.budgetId(), l.period(), limitMinor - minor, book.limitCount[l.index()]);
            if (n != 1) {
                throw new IllegalStateException("budget " + l.budgetId() + " changed under its row lock");
            }
        }
        Sql.update(c, "UPDATE recall_budget_customer SET live = live + 1 WHERE campaign = ? AND customer_id = ?",
                book.campaign, customerId);
        o.id = "rsv-" + UUID.randomUUID();
        Sql.update(c, "INSERT INTO recall_budget_reservation (id, campaign, customer_id, rule_id, minor, status, made_at,"
                + " expires_at) VALUES (?, ?, ?, ?, ?, 'RESERVED', ?, ?)", o.id, book.campaign, customerId, ruleId, minor, now,
                expiresAt);
        for (BudgetBook.Line l : sorted) {
            Sql.update(c, "INSERT INTO recall_budget_hold (reservation_id, scope, budget_id, period_start) VALUES (?, ?, ?, ?)",
                    o.id, l.scope(), l.budgetId(), l.period());
        }
        return o;
    }

    private record Held(String customerId, String campaign, long minor, Status status, List<String[]> lines) {
    }

    /** The reservation, locked, with its lines in lock order; an error when unknown. */
    private static Held held(Connection c, String id) throws SQLException {
        Held h;
        try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT customer_id, campaign, minor, status"
                + " FROM recall_budget_reservation WHERE id = ? FOR UPDATE"), id); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no reservation " + id);
            }
            h = new Held(rs.getString(1), rs.getString(2), rs.getLong(3), Status.valueOf(rs.getString(4)), new ArrayList<>());
        }
        try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT scope, budget_id, period_start FROM recall_budget_hold"
                + " WHERE reservation_id = ?"), id); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                h.lines.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        h.lines.sort((a, b) -> new BudgetBook.Line(0, a[0], a[1], a[2]).compareTo(new BudgetBook.Line(0, b[0], b[1], b[2])));
        return h;
    }

    @Override
    public boolean commit(String reservationId, Money actual) {
        Objects.requireNonNull(reservationId, "reservationId");
        long minor = book.minor(actual);
        return Sql.tx(ds, "committing a reservation", c -> {
            Held h = held(c, reservationId);
            if (h.status == Status.COMMITTED) {
                return false;
            }
            if (h.status == Status.RELEASED) {
                throw new IllegalStateException("reservation " + reservationId + " was released; it cannot be redeemed");
            }
            if (minor > h.minor) {
                throw new IllegalArgumentException("redemption of " + actual + " exceeds the "
                        + Money.ofMinor(h.minor, book.currency) + " reserved by " + reservationId);
            }
            for (String[] l : h.lines) {
                Sql.update(c, "UPDATE recall_budget_use SET reserved_minor = reserved_minor - ?, reserved_count ="
                        + " reserved_count - 1, committed_minor = committed_minor + ?, committed_count = committed_count + 1"
                        + " WHERE scope = ? AND budget_id = ? AND period_start = ?", h.minor, minor, l[0], l[1], l[2]);
            }
            Sql.update(c, "UPDATE recall_budget_reservation SET status = 'COMMITTED', minor = ? WHERE id = ?", minor,
                    reservationId);
            return true;
        });
    }

    @Override
    public boolean release(String reservationId) {
        Objects.requireNonNull(reservationId, "reservationId");
        return Sql.tx(ds, "releasing a reservation", c -> {
            Held h = held(c, reservationId);
            if (h.status == Status.RELEASED) {
                return false;
            }
            if (h.status == Status.COMMITTED) {
                throw new IllegalStateException("reservation " + reservationId + " was redeemed; it cannot be released");
            }
            Sql.update(c, "UPDATE recall_budget_customer SET live = live - 1 WHERE campaign = ? AND customer_id = ?",
                    h.campaign, h.customerId);
            for (String[] l : h.lines) {
                Sql.update(c, "UPDATE recall_budget_use SET reserved_minor = reserved_minor - ?, reserved_count ="
                        + " reserved_count - 1 WHERE scope = ? AND budget_id = ? AND period_start = ?", h.minor, l[0], l[1], l[2]);
            }
            Sql.update(c, "UPDATE recall_budget_reservation SET status = 'RELEASED' WHERE id = ?", reservationId);
            return true;
        });
    }

    @Override
    public int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        List<String> due = Sql.tx(ds, "finding expired reservations", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT id FROM recall_budget_reservation WHERE campaign = ?"
                    + " AND status = 'RESERVED' AND expires_at <= ?"), book.campaign, now); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        int n = 0;
        for (String id : due) {
            try {
                n += release(id) ? 1 : 0;
            } catch (IllegalStateException committedMeanwhile) {
                // redeemed between the query and the release: nothing to give back
            }
        }
        return n;
    }

    @Override
    public Optional<Status> status(String reservationId) {
        Objects.requireNonNull(reservationId, "reservationId");
        return Sql.tx(ds, "reading a reservation", c -> {
            try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT status FROM recall_budget_reservation WHERE id = ?"),
                    reservationId); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Status.valueOf(rs.getString(1))) : Optional.empty();
            }
        });
    }

    @Override
    public List<BudgetState> snapshot(Instant now) {
        Objects.requireNonNull(now, "now");
        return Sql.tx(ds, "reading budgets", c -> {
            List<BudgetState> out = new ArrayList<>();
            for (int i = 0; i < book.budgets.size(); i++) {
                out.add(state(c, book.line(i, now)));
            }
            return List.copyOf(out);
        });
    }

    @Override
    public List<BudgetState> snapshot() {
        return Sql.tx(ds, "reading budgets", c -> {
            List<BudgetState> out = new ArrayList<>();
            for (int i = 0; i < book.budgets.size(); i++) {
                Budget b = book.budgets.get(i);
                String scope = b.acrossCampaigns() ? BudgetBook.ALL_CAMPAIGNS : book.campaign;
                String period = BudgetBook.NO_PERIOD;
                if (b.reset().isPresent()) {
                    try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT MAX(period_start) FROM recall_budget_use"
                            + " WHERE scope = ? AND budget_id = ? AND period_start <> ?"), scope, b.id(), BudgetBook.NO_PERIOD);
                         ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getString(1) != null) {
                            period = rs.getString(1);
                        }
                    }
                }
                out.add(state(c, new BudgetBook.Line(i, scope, b.id(), period)));
            }
            return List.copyOf(out);
        });
    }

    private BudgetState state(Connection c, BudgetBook.Line l) throws SQLException {
        try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT reserved_minor, committed_minor, reserved_count,"
                + " committed_count FROM recall_budget_use WHERE scope = ? AND budget_id = ? AND period_start = ?"),
                l.scope(), l.budgetId(), l.period()); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? book.state(l.index(), l.periodStart(), rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))
                    : book.state(l.index(), l.periodStart(), 0, 0, 0, 0);
        }
    }

    @Override
    public Map<String, Status> statuses() {
        return Sql.tx(ds, "reading reservations", c -> {
            Map<String, Status> out = new LinkedHashMap<>();
            try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT id, status FROM recall_budget_reservation"
                    + " WHERE campaign = ? ORDER BY made_at, id"), book.campaign); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Status.valueOf(rs.getString(2)));
                }
            }
            return out;
        });
    }
}
