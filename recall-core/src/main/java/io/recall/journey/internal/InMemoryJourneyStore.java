package io.recall.journey.internal;

import io.recall.journey.Fact;
import io.recall.journey.JourneyInstance;
import io.recall.journey.JourneyStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.HashSet;

/** The journey store in memory; one lock, since every call is short. */
public final class InMemoryJourneyStore implements JourneyStore {

    /** Facts ordered by time then id, the order every store returns. */
    public static final Comparator<Fact> ORDER = Comparator.comparing(Fact::at).thenComparing(Fact::id);

    private final Set<String> factIds = new HashSet<>();
    private final Map<String, List<Fact>> facts = new TreeMap<>();
    private final Map<List<String>, JourneyInstance> instances = new HashMap<>();

    @Override
    public synchronized boolean record(Fact fact) {
        Objects.requireNonNull(fact, "fact");
        if (!factIds.add(fact.customerId() + "\u0000" + fact.id())) {
            return false;
        }
        facts.computeIfAbsent(fact.customerId(), c -> new ArrayList<>()).add(fact);
        return true;
    }

    @Override
    public synchronized List<Fact> facts(String customerId) {
        List<Fact> out = new ArrayList<>(facts.getOrDefault(customerId, List.of()));
        out.sort(ORDER);
        return out;
    }

    @Override
    public synchronized Map<String, List<Fact>> factsOf(Collection<String> customerIds) {
        Map<String, List<Fact>> out = new HashMap<>();
        for (String c : customerIds) {
            List<Fact> f = facts.get(c);
            if (f != null) {
                List<Fact> sorted = new ArrayList<>(f);
                sorted.sort(ORDER);
                out.put(c, sorted);
            }
        }
        return out;
    }

    @Override
    public synchronized Map<String, JourneyInstance> findAll(String journeyId, Collection<String> customerIds) {
        Map<String, JourneyInstance> out = new HashMap<>();
        for (String c : customerIds) {
            JourneyInstance i = instances.get(List.of(journeyId, c));
            if (i != null) {
                out.put(c, i);
            }
        }
        return out;
    }

    @Override
    public synchronized List<String> customers() {
        return List.copyOf(facts.keySet());
    }

    @Override
    public synchronized Optional<JourneyInstance> find(String journeyId, String customerId) {
        return Optional.ofNullable(instances.get(List.of(journeyId, customerId)));
    }

    @Override
    public synchronized boolean insert(JourneyInstance instance) {
        if (instance.version() != 0) {
            throw new IllegalArgumentException("a new instance has version 0, not " + instance.version());
        }
        return instances.putIfAbsent(List.of(instance.journeyId(), instance.customerId()), instance) == null;
    }

    @Override
    public synchronized boolean replace(JourneyInstance next) {
        List<String> key = List.of(next.journeyId(), next.customerId());
        JourneyInstance current = instances.get(key);
        if (current == null || current.version() != next.version() - 1) {
            return false;
        }
        instances.put(key, next);
        return true;
    }

    @Override
    public synchronized List<JourneyInstance> due(String journeyId, Instant now, int max) {
        return instances.values().stream()
                .filter(i -> i.journeyId().equals(journeyId) && i.active() && !i.dueAt().isAfter(now))
                .sorted(Comparator.comparing(JourneyInstance::dueAt).thenComparing(JourneyInstance::customerId))
                .limit(max).toList();
    }
}
