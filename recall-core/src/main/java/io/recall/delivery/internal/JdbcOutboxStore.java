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
import java.util.Set;

/**
 * {@link OutboxStore} over plain {@code java.sql}. Every change after a claim is an {@code UPDATE ... WHERE
 * id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?}, so a worker that lost its lease changes nothing; no
 * connection or transaction is held between calls. Claims lock the due rows ({@code FOR UPDATE}, with
 * {@code SKIP LOCKED} on PostgreSQL: see {@link Dialect}) and re-check their state in the update; on
 * PostgreSQL the lock, the update and the read of the claimed rows are one statement. {@link #start} records
 * a group of attempts with their key reservations and consent re-reads, and the SENT states of the group
 * before, in one transaction: on PostgreSQL one set-based statement per step, on H2 batches of single-row
 * statements.
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

    /** The database this store is over. */
    DataSource dataSource() {
        return ds;
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
        Dialect dialect = Dialect.of(c);
        if (dialect == Dialect.POSTGRESQL) {
            // A unique-key violation aborts the host's whole transaction on PostgreSQL: never raise one.
            return Jdbc.update(c, INSERT + " ON CONFLICT (id) DO NOTHING", insertValues(e)) == 1;
        }
        if (dialect == Dialect.H2) {
            // H2 undoes just the failed statement, never the host's transaction: insert, and a taken id says no.
            return insertUnlessTaken(c, e);
        }
        // Elsewhere a unique-key violation may abort the host's transaction: look first.
        try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT COUNT(*) FROM recall_outbox WHERE id = ?"), e.id());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getInt(1) > 0) {
                return false;
            }
        }
        return insertUnlessTaken(c, e);
    }

    private static boolean insertUnlessTaken(Connection c, OutboxEntry e) throws SQLException {
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
        if (dialect == Dialect.POSTGRESQL) {
            // One statement: lock the due rows (skipping those another worker holds), lease them, return them.
            return Jdbc.auto(ds, "claiming due messages", c -> {
                try (PreparedStatement ps = Jdbc.bind(c.prepareStatement(PG_CLAIM), now, max, workerId, leaseUntil, now);
                     ResultSet rs = ps.executeQuery()) {
                    List<OutboxEntry> claimed = new ArrayList<>();
                    while (rs.next()) {
                        claimed.add(row(rs));
                    }
                    return List.copyOf(claimed);
                }
            });
        }
        return Jdbc.tx(ds, "claiming due messages", c -> {
            List<OutboxEntry> due = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT * FROM recall_outbox"
                    + " WHERE state IN ('QUEUED', 'DEFERRED') AND due_at <= ? ORDER BY due_at, id LIMIT ?"
                    + dialect.claimLock()), now, max);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(row(rs));
                }
            }
            // The rows are locked by this transaction: one update per chunk, and the rows just read, leased in
            // memory, unless the update missed one (then read back what this worker holds).
            List<String> ids = due.stream().map(OutboxEntry::id).toList();
            int updated = 0;
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                Object[] values = new Object[chunk.size() + 3];
                values[0] = workerId;
                values[1] = leaseUntil;
                values[2] = now;
                System.arraycopy(chunk.toArray(), 0, values, 3, chunk.size());
                updated += Jdbc.update(c, "UPDATE recall_outbox SET state = 'IN_FLIGHT', reason = 'CLAIMED', lease_owner = ?,"
                        + " lease_until = ?, updated_at = ?" + in(chunk.size()) + " AND state IN ('QUEUED', 'DEFERRED')", values);
            }
            if (updated == due.size()) {
                return due.stream().map(e -> e.claimed(workerId, leaseUntil, now)).toList();
            }
            List<OutboxEntry> claimed = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                Object[] values = new Object[chunk.size() + 1];
                System.arraycopy(chunk.toArray(), 0, values, 0, chunk.size());
                values[chunk.size()] = workerId;
                try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT * FROM recall_outbox" + in(chunk.size())
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

    // The locking select is materialized, so it runs once whatever plan the update gets (PostgreSQL 12+).
    private static final String PG_CLAIM = "WITH due AS MATERIALIZED (SELECT id FROM recall_outbox"
            + " WHERE state IN ('QUEUED', 'DEFERRED') AND due_at <= ? ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED),"
            + " claimed AS (UPDATE recall_outbox o SET state = 'IN_FLIGHT', reason = 'CLAIMED', lease_owner = ?,"
            + " lease_until = ?, updated_at = ? FROM due WHERE o.id = due.id AND o.state IN ('QUEUED', 'DEFERRED')"
            + " RETURNING o.*) SELECT * FROM claimed ORDER BY due_at, id";

    private static String in(int n) {
        return " WHERE id IN (" + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
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
        return leased("recording an attempt", ATTEMPT, id, workerId, a.number(), a.channel().id(), a.idempotencyKey(),
                a.workerId(), a.startedAt(), now);
    }

    @Override
    public boolean settleAttempt(String id, String workerId, Instant now) {
        return leased("settling an attempt", OPEN_CLEARED + ", updated_at = ?", id, workerId, now);
    }

    private static final String OPEN_CLEARED = "open_attempt_number = NULL, open_attempt_channel = NULL,"
            + " open_attempt_key = NULL, open_attempt_worker = NULL, open_attempt_at = NULL";
    private static final String UNLEASED = OPEN_CLEARED + ", lease_owner = NULL, lease_until = NULL";

    private static final String COMPLETE = "state = 'SENT', reason = 'ACCEPTED', detail = '', provider_id = ?,"
            + " updated_at = ?, " + UNLEASED;

    @Override
    public boolean complete(String id, String workerId, String providerId, Instant now) {
        return leased("completing", COMPLETE, id, workerId, providerId, now);
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

    /**
     * Starts a group of attempts in one atomic write: records the outcomes of earlier sends (SENT with the
     * provider's id), then per start reserves the message's idempotency key and records its attempt, unless
     * the key is another entry's, the lease is lost, or the latest consent for the message's channel and
     * purpose (this database also holds the consent ledger) is a withdrawal. One transaction: on PostgreSQL
     * four round trips (three statements and the commit) whatever the group's size. Nothing is held when it
     * returns.
     *
     * @return per start {@link AttemptStarter.Outcome#NOT_RECORDED} when the lease was lost or consent
     *         withdrawn (this store does not tell which), else what the key decided or RECORDED
     */
    AttemptStarter.Group start(String workerId, List<AttemptStarter.Start> starts,
                               List<AttemptStarter.Completion> completions, Instant now) {
        if (dialect != Dialect.POSTGRESQL && dialect != Dialect.H2) {
            throw new IllegalStateException("start() is written for PostgreSQL and H2, not " + dialect);
        }
        // The set-based statements change a row once whatever the arrays repeat: a repeated message would get one
        // write for two outcomes. The pipeline never repeats one; anything else is a caller's bug.
        Set<String> seen = new java.util.HashSet<>();
        for (AttemptStarter.Completion x : completions) {
            if (!seen.add(x.entry().id())) {
                throw new IllegalArgumentException("message " + x.entry().id() + " is completed twice in one group");
            }
        }
        seen.clear();
        for (AttemptStarter.Start x : starts) {
            if (!seen.add(x.entry().id())) {
                throw new IllegalArgumentException("message " + x.entry().id() + " is started twice in one group");
            }
            if (!x.attempt().workerId().equals(workerId)) {
                throw new IllegalArgumentException("message " + x.entry().id() + ": an attempt of worker "
                        + x.attempt().workerId() + " in a group of worker " + workerId);
            }
        }
        return Jdbc.tx(ds, "starting " + starts.size() + " attempt(s)", c -> start(c, workerId, starts, completions,
                now));
    }

    private static AttemptStarter.Started byHolder(Optional<String> holder, String id) {
        if (holder.isEmpty()) {
            return AttemptStarter.Started.of(AttemptStarter.Outcome.KEY_BUSY);
        }
        return AttemptStarter.Started.of(holder.get().equals(id) ? AttemptStarter.Outcome.NOT_RECORDED
                : AttemptStarter.Outcome.KEY_TAKEN);
    }

    /**
     * The group's writes. On H2 each is a JDBC batch of single-row statements by primary key (in process, so a
     * batch costs no round trips; a set-based statement measured only about a tenth faster there), and keys are
     * reserved one by one, so that a key another transaction holds past the lock timeout fails alone.
     */
    private AttemptStarter.Group start(Connection c, String workerId, List<AttemptStarter.Start> starts,
                                       List<AttemptStarter.Completion> completions, Instant now) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            return startInSets(c, workerId, starts, completions, now);
        }
        List<Boolean> completed = new ArrayList<>(completions.size());
        if (!completions.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(COMPLETE_LEASED)) {
                for (AttemptStarter.Completion x : completions) {
                    Jdbc.bind(ps, x.providerId(), now, x.entry().id(), workerId).addBatch();
                }
                for (int count : ps.executeBatch()) {
                    completed.add(count == 1);
                }
            }
        }
        AttemptStarter.Started[] started = new AttemptStarter.Started[starts.size()];
        List<Integer> ours = new ArrayList<>(starts.size());
        reserveOneByOne(c, starts, started, ours);
        if (!ours.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(ATTEMPT_IF_CONSENT)) {
                for (int i : ours) {
                    List<Object> values = new ArrayList<>(11);
                    attemptValues(values, starts.get(i).entry(), starts.get(i).attempt(), now);
                    Jdbc.bind(ps, values.toArray()).addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int k = 0; k < ours.size(); k++) {
                    started[ours.get(k)] = AttemptStarter.Started.of(counts[k] == 1 ? AttemptStarter.Outcome.RECORDED
                            : AttemptStarter.Outcome.NOT_RECORDED);
                }
            }
        }
        return new AttemptStarter.Group(List.of(started), completed, Optional.empty());
    }

    /**
     * PostgreSQL: each step of the group is one set-based statement over arrays of the group's values (a join
     * with {@code unnest}), so the server plans and runs it once, not once per message; each returns the rows
     * it changed. Measured on a group of 100 updates: 2.7 ms as one statement against 4.6-5.1 ms as a batch
     * of 100 (ADR 0005). The ids are also matched with {@code = ANY}, so the rows are found through the primary
     * key whatever the table's statistics say.
     */
    private static AttemptStarter.Group startInSets(Connection c, String workerId, List<AttemptStarter.Start> starts,
                                                    List<AttemptStarter.Completion> completions, Instant now)
            throws SQLException {
        List<Boolean> completed = new ArrayList<>(completions.size());
        if (!completions.isEmpty()) {
            Object[] ids = new Object[completions.size()];
            Object[] providerIds = new Object[completions.size()];
            for (int i = 0; i < completions.size(); i++) {
                ids[i] = completions.get(i).entry().id();
                providerIds[i] = completions.get(i).providerId();
            }
            java.sql.Array idArray = c.createArrayOf("text", ids);
            Set<String> done = returnedIds(c, PG_COMPLETE_ALL, now, idArray, c.createArrayOf("text", providerIds),
                    idArray, workerId);
            for (AttemptStarter.Completion x : completions) {
                completed.add(done.contains(x.entry().id()));
            }
        }
        AttemptStarter.Started[] started = new AttemptStarter.Started[starts.size()];
        // Each distinct key once, the first start naming it first: a later start with the same key finds it taken.
        Map<List<String>, Integer> firstByKey = new java.util.LinkedHashMap<>();
        for (int i = 0; i < starts.size(); i++) {
            Attempt a = starts.get(i).attempt();
            firstByKey.putIfAbsent(List.of(a.channel().id(), a.idempotencyKey()), i);
        }
        Set<List<String>> reserved = new java.util.HashSet<>();
        if (!firstByKey.isEmpty()) {
            int n = firstByKey.size();
            Object[] channels = new Object[n];
            Object[] keys = new Object[n];
            Object[] entries = new Object[n];
            int k = 0;
            // In key order, so two workers inserting overlapping keys wait on each other in one order, never in a
            // cycle.
            List<Map.Entry<List<String>, Integer>> sorted = new ArrayList<>(firstByKey.entrySet());
            sorted.sort(Map.Entry.comparingByKey(java.util.Comparator.<List<String>, String>comparing(x -> x.get(0))
                    .thenComparing(x -> x.get(1))));
            for (Map.Entry<List<String>, Integer> e : sorted) {
                channels[k] = e.getKey().get(0);
                keys[k] = e.getKey().get(1);
                entries[k++] = starts.get(e.getValue()).entry().id();
            }
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement(PG_RESERVE_ALL), c.createArrayOf("text", channels),
                    c.createArrayOf("text", keys), c.createArrayOf("text", entries));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reserved.add(List.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        List<Integer> ours = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            AttemptStarter.Start x = starts.get(i);
            List<String> key = List.of(x.attempt().channel().id(), x.attempt().idempotencyKey());
            // Not inserted: taken by this entry in an earlier attempt, by another (maybe earlier in this group),
            // or by one that committed while this insert waited for it.
            Optional<String> holder = reserved.contains(key) && firstByKey.get(key).intValue() == i ? Optional.of(x.entry().id())
                    : keyHolder(c, x.attempt().channel(), x.attempt().idempotencyKey());
            if (holder.isPresent() && holder.get().equals(x.entry().id())) {
                ours.add(i);
            } else {
                started[i] = byHolder(holder, x.entry().id());
            }
        }
        if (!ours.isEmpty()) {
            int n = ours.size();
            Object[][] columns = new Object[8][n];
            for (int k = 0; k < n; k++) {
                OutboxEntry e = starts.get(ours.get(k)).entry();
                Attempt a = starts.get(ours.get(k)).attempt();
                columns[0][k] = e.id();
                columns[1][k] = a.number();
                columns[2][k] = a.channel().id();
                columns[3][k] = a.idempotencyKey();
                columns[4][k] = a.workerId();
                columns[5][k] = Jdbc.nanos(a.startedAt());
                columns[6][k] = e.current().channel().id();
                columns[7][k] = e.current().purpose().name();
            }
            java.sql.Array idArray = c.createArrayOf("text", columns[0]);
            Set<String> recorded = returnedIds(c, PG_ATTEMPT_ALL, now, idArray, c.createArrayOf("int4", columns[1]),
                    c.createArrayOf("text", columns[2]), c.createArrayOf("text", columns[3]),
                    c.createArrayOf("text", columns[4]), c.createArrayOf("int8", columns[5]),
                    c.createArrayOf("text", columns[6]), c.createArrayOf("text", columns[7]), idArray, workerId);
            for (int i : ours) {
                started[i] = AttemptStarter.Started.of(recorded.contains(starts.get(i).entry().id())
                        ? AttemptStarter.Outcome.RECORDED : AttemptStarter.Outcome.NOT_RECORDED);
            }
        }
        return new AttemptStarter.Group(List.of(started), completed, Optional.empty());
    }

    /** Runs a statement that returns the ids of the rows it changed. */
    private static Set<String> returnedIds(Connection c, String sql, Object... values) throws SQLException {
        Set<String> ids = new java.util.HashSet<>();
        try (PreparedStatement ps = Jdbc.bind(c.prepareStatement(sql), values); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static void reserveOneByOne(Connection c, List<AttemptStarter.Start> starts,
                                        AttemptStarter.Started[] started, List<Integer> ours) throws SQLException {
        try (PreparedStatement reserve = c.prepareStatement(H2_RESERVE)) {
            for (int i = 0; i < starts.size(); i++) {
                AttemptStarter.Start s = starts.get(i);
                String id = s.entry().id();
                Optional<String> holder;
                try {
                    Jdbc.bind(reserve, s.attempt().channel().id(), s.attempt().idempotencyKey(), id).executeUpdate();
                    holder = Optional.of(id);
                } catch (SQLException x) {
                    if (!Jdbc.isDuplicateKey(x) && !"HYT00".equals(x.getSQLState())) {
                        throw x;
                    }
                    // H2 undid just this insert: another transaction holds the key, committed or not yet (a lock
                    // held past the timeout). The rest of the group goes on.
                    holder = Jdbc.isDuplicateKey(x) ? keyHolder(c, s.attempt().channel(), s.attempt().idempotencyKey())
                            : Optional.empty();
                }
                if (holder.isPresent() && holder.get().equals(id)) {
                    ours.add(i);
                } else {
                    started[i] = byHolder(holder, id);
                }
            }
        }
    }

    private static void attemptValues(List<Object> values, OutboxEntry entry, Attempt a, Instant now) {
        values.addAll(List.of(a.number(), a.channel().id(), a.idempotencyKey(), a.workerId(), a.startedAt(), now,
                entry.id(), a.workerId(), entry.customerId(), entry.current().channel().id(),
                entry.current().purpose().name()));
    }

    // A plain insert: a new key (every first attempt) costs one index insert, and a taken one (a retry, or another
    // entry's key) fails alone, H2 undoing just that statement. A MERGE measured 6.0 us per key against 2.x.
    private static final String H2_RESERVE = "INSERT INTO recall_outbox_key (channel, idempotency_key, entry_id) VALUES (?, ?, ?)";

    private static final String ATTEMPT = "step_attempts = step_attempts + 1, total_attempts = total_attempts + 1,"
            + " open_attempt_number = ?, open_attempt_channel = ?, open_attempt_key = ?, open_attempt_worker = ?,"
            + " open_attempt_at = ?, updated_at = ?";

    /**
     * The condition that the latest consent for a customer, channel and purpose (three SQL expressions) is not a
     * withdrawal; none at all passes.
     */
    private static String consentHolds(String customer, String channel, String purpose) {
        return " AND COALESCE((SELECT decision FROM recall_consent k WHERE k.customer_id = " + customer
                + " AND k.channel = " + channel + " AND k.purpose = " + purpose
                + " ORDER BY k.at DESC, k.seq DESC LIMIT 1), '') <> 'WITHDRAWN'";
    }

    private static final String CONSENT_HOLDS = consentHolds("?", "?", "?");

    private static final String COMPLETE_LEASED = "UPDATE recall_outbox SET " + COMPLETE + LEASED;
    private static final String ATTEMPT_IF_CONSENT = "UPDATE recall_outbox SET " + ATTEMPT + LEASED + CONSENT_HOLDS;

    private static final String PG_COMPLETE_ALL = "UPDATE recall_outbox o SET state = 'SENT', reason = 'ACCEPTED',"
            + " detail = '', provider_id = v.provider_id, updated_at = ?, " + UNLEASED
            + " FROM unnest(?::text[], ?::text[]) AS v (id, provider_id)"
            + " WHERE o.id = ANY (?::text[]) AND o.id = v.id AND o.state = 'IN_FLIGHT' AND o.lease_owner = ? RETURNING o.id";

    private static final String PG_RESERVE_ALL = "INSERT INTO recall_outbox_key (channel, idempotency_key, entry_id)"
            + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[])"
            + " ON CONFLICT (channel, idempotency_key) DO NOTHING RETURNING channel, idempotency_key";

    private static final String PG_ATTEMPT_ALL = "UPDATE recall_outbox o SET step_attempts = o.step_attempts + 1,"
            + " total_attempts = o.total_attempts + 1, open_attempt_number = v.number, open_attempt_channel = v.channel,"
            + " open_attempt_key = v.idempotency_key, open_attempt_worker = v.worker, open_attempt_at = v.started_at,"
            + " updated_at = ? FROM unnest(?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[],"
            + " ?::text[]) AS v (id, number, channel, idempotency_key, worker, started_at, consent_channel, purpose)"
            + " WHERE o.id = ANY (?::text[]) AND o.id = v.id AND o.state = 'IN_FLIGHT' AND o.lease_owner = ?"
            + consentHolds("o.customer_id", "v.consent_channel", "v.purpose") + " RETURNING o.id";

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
