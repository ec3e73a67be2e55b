package io.recall.incentive;

import io.recall.model.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The budget ledger in memory. Every operation holds the ledger's lock for a few map updates, so checking
 * every budget that applies and reserving from all of them is one atomic step; the sentences of the budget
 * effect are built after the lock is released.
 */
final class InMemoryBudgetLedger implements BudgetLedger {

    private final BudgetBook book;
    // {reservedMinor, committedMinor, reservedCount, committedCount} per line key
    private final Map<String, long[]> use = new HashMap<>();
    private final Map<Integer, LocalDate> latest = new HashMap<>();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Integer> activePerCustomer = new HashMap<>();
    private long sequence;

    InMemoryBudgetLedger(BudgetBook book) {
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
        BudgetBook.Outcome o = reserveLocked(customerId, lines, minor, expiresAt);
        return book.effect(o, customerId, amount);
    }

    private synchronized BudgetBook.Outcome reserveLocked(String customerId, List<BudgetBook.Line> lines, long minor,
                                                          Instant expiresAt) {
        BudgetBook.Outcome o = new BudgetBook.Outcome();
        long[][] used = new long[lines.size()][];
        for (int k = 0; k < lines.size(); k++) {
            long[] u = use.getOrDefault(lines.get(k).key(), new long[4]);
            used[k] = new long[] {u[0] + u[1], u[2] + u[3]};
        }
        if (!book.decide(lines, used, activePerCustomer.getOrDefault(customerId, 0), minor, o)) {
            return o;
        }
        for (BudgetBook.Line l : lines) {
            long[] u = use.computeIfAbsent(l.key(), x -> new long[4]);
            u[0] += minor;
            u[2]++;
            l.periodStart().ifPresent(p -> latest.merge(l.index(), p, (a, b) -> a.isAfter(b) ? a : b));
        }
        o.id = "rsv-" + (++sequence);
        entries.put(o.id, new Entry(customerId, minor, lines, expiresAt));
        activePerCustomer.merge(customerId, 1, Integer::sum);
        return o;
    }

    @Override
    public synchronized boolean commit(String reservationId, Money actual) {
        Entry e = entry(reservationId);
        long minor = book.minor(actual);
        if (e.status == Status.COMMITTED) {
            return false;
        }
        if (e.status == Status.RELEASED) {
            throw new IllegalStateException("reservation " + reservationId + " was released; it cannot be redeemed");
        }
        if (minor > e.minor) {
            throw new IllegalArgumentException("redemption of " + actual + " exceeds the " + Money.ofMinor(e.minor, book.currency)
                    + " reserved by " + reservationId);
        }
        for (BudgetBook.Line l : e.lines) {
            long[] u = use.get(l.key());
            u[0] -= e.minor;
            u[2]--;
            u[1] += minor;
            u[3]++;
        }
        e.status = Status.COMMITTED;
        e.minor = minor;
        return true;
    }

    @Override
    public synchronized boolean release(String reservationId) {
        Entry e = entry(reservationId);
        if (e.status == Status.RELEASED) {
            return false;
        }
        if (e.status == Status.COMMITTED) {
            throw new IllegalStateException("reservation " + reservationId + " was redeemed; it cannot be released");
        }
        for (BudgetBook.Line l : e.lines) {
            long[] u = use.get(l.key());
            u[0] -= e.minor;
            u[2]--;
        }
        e.status = Status.RELEASED;
        activePerCustomer.merge(e.customerId, -1, Integer::sum);
        return true;
    }

    @Override
    public synchronized int expire(Instant now) {
        Objects.requireNonNull(now, "now");
        int n = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().status == Status.RESERVED && !e.getValue().expiresAt.isAfter(now)) {
                release(e.getKey());
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized Optional<Status> status(String reservationId) {
        return Optional.ofNullable(entries.get(Objects.requireNonNull(reservationId, "reservationId"))).map(e -> e.status);
    }

    @Override
    public synchronized List<BudgetState> snapshot(Instant now) {
        Objects.requireNonNull(now, "now");
        List<BudgetState> out = new ArrayList<>();
        for (int i = 0; i < book.budgets.size(); i++) {
            out.add(state(book.line(i, now)));
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized List<BudgetState> snapshot() {
        List<BudgetState> out = new ArrayList<>();
        for (int i = 0; i < book.budgets.size(); i++) {
            Budget b = book.budgets.get(i);
            LocalDate last = latest.get(i);
            BudgetBook.Line l = new BudgetBook.Line(i, b.acrossCampaigns() ? BudgetBook.ALL_CAMPAIGNS : book.campaign, b.id(),
                    b.reset().isEmpty() || last == null ? BudgetBook.NO_PERIOD : last.toString());
            out.add(state(l));
        }
        return List.copyOf(out);
    }

    private BudgetState state(BudgetBook.Line l) {
        long[] u = use.getOrDefault(l.key(), new long[4]);
        return book.state(l.index(), l.periodStart(), u[0], u[1], u[2], u[3]);
    }

    @Override
    public synchronized Map<String, Status> statuses() {
        Map<String, Status> out = new LinkedHashMap<>();
        entries.forEach((id, e) -> out.put(id, e.status));
        return out;
    }

    private Entry entry(String reservationId) {
        Entry e = entries.get(Objects.requireNonNull(reservationId, "reservationId"));
        if (e == null) {
            throw new IllegalStateException("no reservation " + reservationId);
        }
        return e;
    }

    private static final class Entry {
        final String customerId;
        long minor;
        final List<BudgetBook.Line> lines;
        final Instant expiresAt;
        Status status = Status.RESERVED;

        Entry(String customerId, long minor, List<BudgetBook.Line> lines, Instant expiresAt) {
            this.customerId = customerId;
            this.minor = minor;
            this.lines = List.copyOf(lines);
            this.expiresAt = expiresAt;
        }
    }
}
