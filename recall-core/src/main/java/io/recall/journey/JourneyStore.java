package io.recall.journey;

import io.recall.journey.internal.InMemoryJourneyStore;
import io.recall.journey.internal.JdbcJourneyStore;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Journey state per (journey, customer) and the facts journeys react to. Implementations are thread-safe
 * and shared safely by several runners, in several processes for the JDBC one: every change to an instance
 * is a compare-and-set on its version.
 */
public interface JourneyStore {

    /** A thread-safe store in memory. */
    static JourneyStore inMemory() {
        return new InMemoryJourneyStore();
    }

    /**
     * A store in a database through JDBC (tested on H2 and PostgreSQL), applying its schema
     * ({@code io/recall/journey/V1__journey_stores.sql}, recorded in {@code recall_journey_schema_version}) first.
     *
     * @param now when the migration runs
     */
    static JourneyStore jdbc(DataSource ds, Instant now) {
        return JdbcJourneyStore.migrate(Objects.requireNonNull(ds, "ds"), Objects.requireNonNull(now, "now"));
    }

    /** Records a fact; false (and nothing changes) when a fact with its id was recorded before. */
    boolean record(Fact fact);

    /** A customer's facts, ordered by time then id. */
    List<Fact> facts(String customerId);

    /**
     * The facts of several customers, each list ordered as {@link #facts(String)} orders it; customers without
     * facts are absent. The default reads them one by one; the shipped stores read them in one go, which is what
     * lets {@link JourneyRunner#advance} visit many customers cheaply.
     */
    default Map<String, List<Fact>> factsOf(Collection<String> customerIds) {
        Map<String, List<Fact>> out = new HashMap<>();
        for (String c : customerIds) {
            List<Fact> f = facts(c);
            if (!f.isEmpty()) {
                out.put(c, f);
            }
        }
        return out;
    }

    /** Every customer with at least one fact, sorted. */
    List<String> customers();

    /** The instance of a customer in a journey. */
    Optional<JourneyInstance> find(String journeyId, String customerId);

    /**
     * The instances of several customers in a journey, by customer id; customers without one are absent. The
     * default finds them one by one; the shipped stores read them in one go.
     */
    default Map<String, JourneyInstance> findAll(String journeyId, Collection<String> customerIds) {
        Map<String, JourneyInstance> out = new HashMap<>();
        for (String c : customerIds) {
            find(journeyId, c).ifPresent(i -> out.put(c, i));
        }
        return out;
    }

    /** Adds an instance with version 0; false when the customer already has one in the journey. */
    boolean insert(JourneyInstance instance);

    /**
     * Replaces the stored instance with {@code next} only while the stored version is
     * {@code next.version() - 1}: a compare-and-set, so of two runners moving the same instance one wins.
     */
    boolean replace(JourneyInstance next);

    /** Up to {@code max} active instances of a journey due at {@code now}, earliest due first. */
    List<JourneyInstance> due(String journeyId, Instant now, int max);
}
