package io.recall.journey.internal;

import io.recall.internal.SchemaMigrations;
import io.recall.channels.Channel;
import io.recall.delivery.internal.Dialect;
import io.recall.delivery.internal.Jdbc;
import io.recall.journey.Fact;
import io.recall.journey.JourneyInstance;
import io.recall.journey.JourneyStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The journey store over JDBC. Facts and new instances are inserted only if absent: on PostgreSQL with
 * {@code ON CONFLICT DO NOTHING}, elsewhere by an auto-commit insert whose duplicate-key failure means
 * "was there" (a failed statement would abort a PostgreSQL transaction, hence no try-and-catch there).
 * Moving an instance is an {@code UPDATE ... WHERE version = ?}, a compare-and-set across processes.
 */
public final class JdbcJourneyStore implements JourneyStore {

    private static final List<String> SCRIPTS = List.of("V1__journey_stores.sql");
    // Customers per IN list: well under every database's bind-parameter limit.
    private static final int IN_BATCH = 500;
    private static final String INSTANCE_COLUMNS = "journey_id, customer_id, entry_no, step_id, status, triggered_at,"
            + " entered_at, due_at, version, updated_at";

    private final DataSource ds;
    private final Dialect dialect;

    private JdbcJourneyStore(DataSource ds) {
        this.ds = ds;
        this.dialect = Dialect.detect(ds);
    }

    /** Applies the journey schema versions the database lacks and returns the store. */
    public static JdbcJourneyStore migrate(DataSource ds, Instant now) {
        SchemaMigrations.apply(ds, "/io/recall/journey/", "recall_journey_schema_version", SCRIPTS, now);
        return new JdbcJourneyStore(ds);
    }

    @Override
    public boolean record(Fact fact) {
        Objects.requireNonNull(fact, "fact");
        String kind;
        String ref;
        String detail = "";
        if (fact instanceof Fact.MessageEvent m) {
            kind = "message";
            ref = m.messageKey();
            detail = m.kind().name();
        } else if (fact instanceof Fact.Stop s) {
            kind = "stop";
            ref = s.channel().id();
        } else if (fact instanceof Fact.Purchase p) {
            kind = "purchase";
            ref = p.orderId();
        } else {
            kind = "coupon";
            ref = ((Fact.CouponExpiry) fact).code();
        }
        return insertIfAbsent("recording a fact", "INSERT INTO recall_journey_fact (customer_id, id, kind, ref, detail,"
                + " at_nanos) VALUES (?, ?, ?, ?, ?, ?)", fact.customerId(), fact.id(), kind, ref, detail, fact.at());
    }

    @Override
    public List<Fact> facts(String customerId) {
        return Jdbc.auto(ds, "reading facts", c -> {
            List<Fact> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT kind, ref, detail, at_nanos FROM"
                    + " recall_journey_fact WHERE customer_id = ?"), customerId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String ref = rs.getString(2);
                    Instant at = Jdbc.instant(rs.getLong(4));
                    out.add(switch (rs.getString(1)) {
                        case "message" -> new Fact.MessageEvent(customerId, ref, Fact.MessageKind.valueOf(rs.getString(3)), at);
                        case "stop" -> new Fact.Stop(customerId, Channel.of(ref), at);
                        case "purchase" -> new Fact.Purchase(customerId, ref, at);
                        default -> new Fact.CouponExpiry(customerId, ref, at);
                    });
                }
            }
            out.sort(InMemoryJourneyStore.ORDER);
            return out;
        });
    }

    @Override
    public Map<String, List<Fact>> factsOf(Collection<String> customerIds) {
        Map<String, List<Fact>> out = new HashMap<>();
        List<String> ids = List.copyOf(customerIds);
        for (int from = 0; from < ids.size(); from += IN_BATCH) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_BATCH));
            Jdbc.auto(ds, "reading facts", c -> {
                try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT customer_id, kind, ref, detail, at_nanos"
                        + " FROM recall_journey_fact WHERE customer_id IN (" + marks(chunk.size()) + ")"),
                        chunk.toArray()); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String customerId = rs.getString(1);
                        out.computeIfAbsent(customerId, k -> new ArrayList<>()).add(fact(customerId, rs.getString(2),
                                rs.getString(3), rs.getString(4), Jdbc.instant(rs.getLong(5))));
                    }
                }
                return null;
            });
        }
        out.values().forEach(l -> l.sort(InMemoryJourneyStore.ORDER));
        return out;
    }

    @Override
    public Map<String, JourneyInstance> findAll(String journeyId, Collection<String> customerIds) {
        Map<String, JourneyInstance> out = new HashMap<>();
        List<String> ids = List.copyOf(customerIds);
        for (int from = 0; from < ids.size(); from += IN_BATCH) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_BATCH));
            Object[] values = new Object[chunk.size() + 1];
            values[0] = journeyId;
            for (int k = 0; k < chunk.size(); k++) {
                values[k + 1] = chunk.get(k);
            }
            Jdbc.auto(ds, "reading journey instances", c -> instances(c, "SELECT " + INSTANCE_COLUMNS
                    + " FROM recall_journey_instance WHERE journey_id = ? AND customer_id IN (" + marks(chunk.size()) + ")",
                    values)).forEach(i -> out.put(i.customerId(), i));
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static Fact fact(String customerId, String kind, String ref, String detail, Instant at) {
        return switch (kind) {
            case "message" -> new Fact.MessageEvent(customerId, ref, Fact.MessageKind.valueOf(detail), at);
            case "stop" -> new Fact.Stop(customerId, Channel.of(ref), at);
            case "purchase" -> new Fact.Purchase(customerId, ref, at);
            default -> new Fact.CouponExpiry(customerId, ref, at);
        };
    }

    @Override
    public List<String> customers() {
        return Jdbc.auto(ds, "listing customers", c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT DISTINCT customer_id FROM recall_journey_fact ORDER BY customer_id")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<JourneyInstance> find(String journeyId, String customerId) {
        return Jdbc.auto(ds, "reading a journey instance", c -> {
            List<JourneyInstance> found = instances(c, "SELECT " + INSTANCE_COLUMNS + " FROM recall_journey_instance"
                    + " WHERE journey_id = ? AND customer_id = ?", journeyId, customerId);
            return found.stream().findFirst();
        });
    }

    @Override
    public boolean insert(JourneyInstance i) {
        if (i.version() != 0) {
            throw new IllegalArgumentException("a new instance has version 0, not " + i.version());
        }
        return insertIfAbsent("inserting a journey instance", "INSERT INTO recall_journey_instance (" + INSTANCE_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", i.journeyId(), i.customerId(), i.entry(), i.stepId(),
                i.status().name(), i.triggeredAt(), i.enteredAt(), i.dueAt(), i.version(), i.updatedAt());
    }

    @Override
    public boolean replace(JourneyInstance i) {
        return Jdbc.auto(ds, "moving a journey instance", c -> Jdbc.update(c, "UPDATE recall_journey_instance SET"
                        + " entry_no = ?, step_id = ?, status = ?, triggered_at = ?, entered_at = ?, due_at = ?, version = ?,"
                        + " updated_at = ? WHERE journey_id = ? AND customer_id = ? AND version = ?", i.entry(), i.stepId(),
                i.status().name(), i.triggeredAt(), i.enteredAt(), i.dueAt(), i.version(), i.updatedAt(), i.journeyId(),
                i.customerId(), i.version() - 1) == 1);
    }

    @Override
    public List<JourneyInstance> due(String journeyId, Instant now, int max) {
        return Jdbc.auto(ds, "reading due journey instances", c -> instances(c, "SELECT " + INSTANCE_COLUMNS
                        + " FROM recall_journey_instance WHERE journey_id = ? AND status = ? AND due_at <= ?"
                        + " ORDER BY due_at, customer_id LIMIT ?", journeyId, JourneyInstance.Status.ACTIVE.name(), now,
                max));
    }

    private static List<JourneyInstance> instances(Connection c, String sql, Object... values) throws SQLException {
        List<JourneyInstance> out = new ArrayList<>();
        try (PreparedStatement ps = Jdbc.bind(c.prepareStatement(sql), values); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new JourneyInstance(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        JourneyInstance.Status.valueOf(rs.getString(5)), Jdbc.instant(rs.getLong(6)),
                        Jdbc.instant(rs.getLong(7)), Jdbc.instant(rs.getLong(8)), rs.getLong(9),
                        Jdbc.instant(rs.getLong(10))));
            }
        }
        return out;
    }

    private boolean insertIfAbsent(String what, String sql, Object... values) {
        if (dialect == Dialect.POSTGRESQL) {
            return Jdbc.auto(ds, what, c -> Jdbc.update(c, sql + " ON CONFLICT DO NOTHING", values) == 1);
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            return Jdbc.update(c, sql, values) == 1;
        } catch (SQLException e) {
            if (Jdbc.isDuplicateKey(e)) {
                return false;
            }
            throw new IllegalStateException(what + " failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")",
                    e);
        }
    }
}
