package io.recall.delivery.internal;

import io.recall.channels.Channel;
import io.recall.delivery.Attempt;
import io.recall.delivery.DeliveryReason;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.Reconciliation;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link OutboxStore} over plain {@code java.sql}. Every change after a claim is one {@code UPDATE ... WHERE
 * id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?}, so a worker that lost its lease changes nothing; no
 * connection or transaction is held between calls. Claims lock the due rows ({@code FOR UPDATE}, with
 * {@code SKIP LOCKED} on PostgreSQL: see {@link Dialect}) and re-check their state in the update.
 */
public final class JdbcOutboxStore implements OutboxStore {

    private static final String LEASED = " WHERE id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?";
    private static final int CHUNK = 500;

    private final DataSource ds;
    private final Dialect dialect;

    /** A store over an already migrated database, its dialect read from the database. */
    public JdbcOutboxStore(DataSource ds) {
        this(ds, Dialect.detect(ds));
    }

    /** A store over an already migrated database of a known dialect. */
    public JdbcOutboxStore(DataSource ds, Dialect dialect) {
        this.ds = Objects.requireNonNull(ds, "ds");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** The dialect the claims are written for. */
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public boolean enqueue(OutboxEntry entry) {
        return Jdbc.auto(ds, "enqueueing message " + entry.id(), c -> enqueue(c, entry));
    }

    /** Enqueues on the host's connection, inside the host's transaction; false when the id exists. */
    public static boolean enqueue(Connection c, OutboxEntry e) throws SQLException {
        if (e.state() != DeliveryState.QUEUED) {
            throw new IllegalArgumentException("a new outbox entry must be QUEUED but " + e.id() + " is " + e.state());
        }
        if (Dialect.of(c) == Dialect.POSTGRESQL) {
            // A unique-key violation aborts the host's whole transaction on PostgreSQL: never raise one.
            return Jdbc.update(c, INSERT + " ON CONFLICT (id) DO NOTHING", insertValues(e)) == 1;
        }
        try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT COUNT(*) FROM recall_outbox WHERE id = ?"), e.id());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getInt(1) > 0) {
                return false;
            }
        }
        try {
            Jdbc.update(c, INSERT, insertValues(e));
            return true;
        } catch (SQLException x) {
            if (Jdbc.isDuplicateKey(x)) {
                return false;
            }
            throw x;
        }
    }

    private static final String INSERT = "INSERT INTO recall_outbox (id, customer_id, zone, plan, enqueued_at, state,"
            + " reason, detail, due_at, step, step_attempts, total_attempts, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static Object[] insertValues(OutboxEntry e) {
        return new Object[] {e.id(), e.customerId(), e.zone().getId(), Codec.plan(e.plan()), e.enqueuedAt(),
                e.state().name(), e.reason().name(), e.detail(), e.dueAt(), e.step(), e.stepAttempts(),
                e.totalAttempts(), e.updatedAt()};
    }

    @Override
    public List<OutboxEntry> claim(Instant now, String workerId, Instant leaseUntil, int max) {
        Objects.requireNonNull(workerId, "workerId");
        return Jdbc.tx(ds, "claiming due messages", c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT id FROM recall_outbox"
                    + " WHERE state IN ('QUEUED', 'DEFERRED') AND due_at <= ? ORDER BY due_at, id LIMIT ?"
                    + dialect.claimLock()), now, max);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            // The rows are locked by this transaction: one update and one read per chunk, not two statements a row.
            List<OutboxEntry> claimed = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                String in = " WHERE id IN (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
                Object[] values = new Object[chunk.size() + 3];
                values[0] = workerId;
                values[1] = leaseUntil;
                values[2] = now;
                System.arraycopy(chunk.toArray(), 0, values, 3, chunk.size());
                Jdbc.update(c, "UPDATE recall_outbox SET state = 'IN_FLIGHT', reason = 'CLAIMED', lease_owner = ?,"
                        + " lease_until = ?, updated_at = ?" + in + " AND state IN ('QUEUED', 'DEFERRED')", values);
                values = new Object[chunk.size() + 1];
                System.arraycopy(chunk.toArray(), 0, values, 0, chunk.size());
                values[chunk.size()] = workerId;
                try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT * FROM recall_outbox" + in
                        + " AND state = 'IN_FLIGHT' AND lease_owner = ? ORDER BY due_at, id"), values);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(row(rs));
                    }
                }
            }
            return List.copyOf(claimed);
        });
    }

    @Override
    public int releaseExpired(Instant now) {
        return Jdbc.auto(ds, "releasing expired leases", c -> Jdbc.update(c,
                "UPDATE recall_outbox SET state = 'QUEUED', reason = 'LEASE_EXPIRED', due_at = ?, lease_owner = NULL,"
                        + " lease_until = NULL, updated_at = ? WHERE state = 'IN_FLIGHT' AND lease_until <= ?",
                now, now, now));
    }

    @Override
    public boolean recordAttempt(String id, String workerId, Attempt a, Instant now) {
        return leased("recording an attempt", "step_attempts = step_attempts + 1, total_attempts = total_attempts + 1,"
                        + " open_attempt_number = ?, open_attempt_channel = ?, open_attempt_key = ?,"
                        + " open_attempt_worker = ?, open_attempt_at = ?, updated_at = ?",
                id, workerId, a.number(), a.channel().id(), a.idempotencyKey(), a.workerId(), a.startedAt(), now);
    }

    @Override
    public boolean settleAttempt(String id, String workerId, Instant now) {
        return leased("settling an attempt", OPEN_CLEARED + ", updated_at = ?", id, workerId, now);
    }

    private static final String OPEN_CLEARED = "open_attempt_number = NULL, open_attempt_channel = NULL,"
            + " open_attempt_key = NULL, open_attempt_worker = NULL, open_attempt_at = NULL";
    private static final String UNLEASED = OPEN_CLEARED + ", lease_owner = NULL, lease_until = NULL";

    @Override
    public boolean complete(String id, String workerId, String providerId, Instant now) {
        return leased("completing", "state = 'SENT', reason = 'ACCEPTED', detail = '', provider_id = ?, updated_at = ?, "
                + UNLEASED, id, workerId, providerId, now);
    }

    @Override
    public boolean reschedule(String id, String workerId, DeliveryState state, DeliveryReason reason, String detail,
                              Instant dueAt, int step, Instant now) {
        if (state != DeliveryState.QUEUED && state != DeliveryState.DEFERRED) {
            throw new IllegalArgumentException("reschedule moves to QUEUED or DEFERRED, not " + state);
        }
        return leased("rescheduling", "state = ?, reason = ?, detail = ?, due_at = ?,"
                        + " step_attempts = CASE WHEN step = ? THEN step_attempts ELSE 0 END, step = ?, updated_at = ?, "
                        + UNLEASED, id, workerId, state.name(), reason.name(), cut(detail), dueAt, step, step, now);
    }

    @Override
    public boolean finish(String id, String workerId, DeliveryState state, DeliveryReason reason, String detail,
                          Instant now) {
        if (!state.isTerminal() || state == DeliveryState.SENT) {
            throw new IllegalArgumentException("finish moves to a terminal state other than SENT, not " + state);
        }
        return leased("finishing", "state = ?, reason = ?, detail = ?, updated_at = ?, " + UNLEASED, id, workerId,
                state.name(), reason.name(), cut(detail), now);
    }

    private static String cut(String detail) {
        return detail.length() <= 1000 ? detail : detail.substring(0, 999) + "…";
    }

    private boolean leased(String what, String set, String id, String workerId, Object... values) {
        Object[] all = new Object[values.length + 2];
        System.arraycopy(values, 0, all, 0, values.length);
        all[values.length] = id;
        all[values.length + 1] = workerId;
        return Jdbc.auto(ds, what + " message " + id, c -> Jdbc.update(c, "UPDATE recall_outbox SET " + set + LEASED, all) == 1);
    }

    @Override
    public boolean reserveIdempotencyKey(Channel channel, String key, String entryId) {
        return Jdbc.auto(ds, "reserving an idempotency key", c -> {
            if (dialect == Dialect.POSTGRESQL) {
                // One statement in the common case (a new key); a taken key is read back to see whose it is.
                int inserted = Jdbc.update(c, "INSERT INTO recall_outbox_key (channel, idempotency_key, entry_id)"
                        + " VALUES (?, ?, ?) ON CONFLICT (channel, idempotency_key) DO NOTHING", channel.id(), key, entryId);
                return inserted == 1 || keyHolder(c, channel, key).orElseThrow().equals(entryId);
            }
            Optional<String> holder = keyHolder(c, channel, key);
            if (holder.isPresent()) {
                return holder.get().equals(entryId);
            }
            try {
                Jdbc.update(c, "INSERT INTO recall_outbox_key (channel, idempotency_key, entry_id) VALUES (?, ?, ?)",
                        channel.id(), key, entryId);
                return true;
            } catch (SQLException x) {
                if (Jdbc.isDuplicateKey(x)) {
                    return keyHolder(c, channel, key).orElseThrow().equals(entryId);
                }
                throw x;
            }
        });
    }

    private static Optional<String> keyHolder(Connection c, Channel channel, String key) throws SQLException {
        try (PreparedStatement ps = Jdbc.bind(c.prepareStatement(
                "SELECT entry_id FROM recall_outbox_key WHERE channel = ? AND idempotency_key = ?"), channel.id(), key);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    @Override
    public Optional<OutboxEntry> find(String id) {
        return Jdbc.auto(ds, "finding message " + id, c -> select(c, id));
    }

    @Override
    public Optional<OutboxEntry> findByIdempotencyKey(Channel channel, String key) {
        return Jdbc.auto(ds, "finding a message by idempotency key", c -> {
            Optional<String> holder = keyHolder(c, channel, key);
            return holder.isPresent() ? select(c, holder.get()) : Optional.empty();
        });
    }

    @Override
    public Optional<OutboxEntry> findByProviderId(Channel channel, String providerId) {
        return Jdbc.auto(ds, "finding a message by provider id", c -> {
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement(
                    "SELECT * FROM recall_outbox WHERE provider_id = ? AND state = 'SENT'"), providerId);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OutboxEntry e = row(rs);
                    if (e.current().channel().equals(channel)) {
                        return Optional.of(e);
                    }
                }
                return Optional.empty();
            }
        });
    }

    @Override
    public Reconciliation reconcile() {
        return Jdbc.auto(ds, "reconciling the outbox", c -> {
            Map<DeliveryState, Long> byState = new EnumMap<>(DeliveryState.class);
            Map<DeliveryState, Map<DeliveryReason, Long>> byReason = new EnumMap<>(DeliveryState.class);
            long total = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, reason, COUNT(*) FROM recall_outbox GROUP BY state, reason");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DeliveryState s = DeliveryState.valueOf(rs.getString(1));
                    long n = rs.getLong(3);
                    total += n;
                    byState.merge(s, n, Long::sum);
                    byReason.computeIfAbsent(s, x -> new EnumMap<>(DeliveryReason.class))
                            .merge(DeliveryReason.valueOf(rs.getString(2)), n, Long::sum);
                }
            }
            return new Reconciliation(total, byState, byReason);
        });
    }

    private static Optional<OutboxEntry> select(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT * FROM recall_outbox WHERE id = ?"), id);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static OutboxEntry row(ResultSet rs) throws SQLException {
        Optional<Attempt> open = Optional.empty();
        int number = rs.getInt("open_attempt_number");
        if (!rs.wasNull()) {
            open = Optional.of(new Attempt(number, Channel.of(rs.getString("open_attempt_channel")),
                    rs.getString("open_attempt_key"), rs.getString("open_attempt_worker"),
                    Jdbc.instant(rs.getLong("open_attempt_at"))));
        }
        long leaseUntil = rs.getLong("lease_until");
        Optional<Instant> lease = rs.wasNull() ? Optional.empty() : Optional.of(Jdbc.instant(leaseUntil));
        return new OutboxEntry(rs.getString("id"), rs.getString("customer_id"), ZoneId.of(rs.getString("zone")),
                Codec.plan(rs.getString("plan")), Jdbc.instant(rs.getLong("enqueued_at")),
                DeliveryState.valueOf(rs.getString("state")), DeliveryReason.valueOf(rs.getString("reason")),
                rs.getString("detail"), Jdbc.instant(rs.getLong("due_at")), rs.getInt("step"),
                rs.getInt("step_attempts"), rs.getInt("total_attempts"), open,
                Optional.ofNullable(rs.getString("lease_owner")), lease, Optional.ofNullable(rs.getString("provider_id")),
                Jdbc.instant(rs.getLong("updated_at")));
    }
}
