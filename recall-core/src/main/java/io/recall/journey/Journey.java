package io.recall.journey;

import io.recall.channels.Channel;
import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import io.recall.journey.internal.JourneyJson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A journey: a state machine as data. A customer enters when {@code trigger} fires (and {@code reentry}
 * allows), starts at step {@code start} and moves through {@code steps} until an exit step; a STOP reply
 * always ends it early, and so does a purchase when {@code exitOnPurchase}.
 *
 * <p>Checked when built, with a JSON path per problem (the same paths whether read from JSON or built in
 * Java): ids, dangling step ids, steps unreachable from the start, cycles without a wait (which would
 * spin within one {@code advance}) and sends on a cycle (a message is sent at most once per entry and step). {@link #read} and {@link Builder#build} also reject channels
 * the host has no adapter for.
 *
 * @param id             1..64 characters {@code [A-Za-z0-9_.-]}; part of every message key
 * @param trigger        what makes a customer enter
 * @param reentry        whether a customer may enter again
 * @param exitOnPurchase whether a purchase after entry ends the entry (a win-back goal reached)
 * @param start          the id of the first step
 * @param steps          the steps, ids distinct
 */
public record Journey(String id, Trigger trigger, Reentry reentry, boolean exitOnPurchase, String start,
                      List<Step> steps) {

    /** Validates the structure and copies the steps; throws {@link ConfigException} listing every problem. */
    public Journey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(reentry, "reentry");
        Objects.requireNonNull(start, "start");
        steps = List.copyOf(steps);
        List<ConfigProblem> problems = JourneyJson.check(id, start, steps);
        if (!problems.isEmpty()) {
            throw new ConfigException("journey", problems);
        }
    }

    /** The step with this id. */
    public Step step(String stepId) {
        for (Step s : steps) {
            if (s.id().equals(stepId)) {
                return s;
            }
        }
        throw new IllegalArgumentException("journey " + id + " has no step '" + stepId + "'");
    }

    /**
     * Reads and validates a journey, including that every send uses one of {@code channels}; every problem
     * is collected, with its JSON path, before one {@link ConfigException} is thrown.
     */
    public static Journey read(String json, Set<Channel> channels) {
        return JourneyJson.read(Objects.requireNonNull(json, "json"), Set.copyOf(channels));
    }

    /** The journey as JSON, which {@link #read} reads back equal. */
    public String toJson() {
        return JourneyJson.write(this);
    }

    /** A builder for a journey with this id. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builds a journey step by step in Java. */
    public static final class Builder {
        private final String id;
        private Trigger trigger = new Trigger.Purchased();
        private Reentry reentry = Reentry.never();
        private boolean exitOnPurchase;
        private final Map<String, Step> steps = new LinkedHashMap<>();
        private String start;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /** What makes a customer enter (default: a purchase). */
        public Builder trigger(Trigger value) {
            trigger = Objects.requireNonNull(value, "trigger");
            return this;
        }

        /** The re-entry rule (default: never). */
        public Builder reentry(Reentry value) {
            reentry = Objects.requireNonNull(value, "reentry");
            return this;
        }

        /** Whether a purchase after entry ends it (default: no). */
        public Builder exitOnPurchase(boolean value) {
            exitOnPurchase = value;
            return this;
        }

        /** The first step (default: the first added). */
        public Builder start(String stepId) {
            start = Objects.requireNonNull(stepId, "stepId");
            return this;
        }

        /** Adds a send step. */
        public Builder send(String stepId, Channel channel, String templateId, String next) {
            return add(new Step.Send(stepId, channel, templateId, next));
        }

        /** Adds a wait step. */
        public Builder waitFor(String stepId, Duration duration, String next) {
            return add(new Step.Wait(stepId, duration, next));
        }

        /** Adds a branch step. */
        public Builder branch(String stepId, Condition condition, String ifTrue, String ifFalse) {
            return add(new Step.Branch(stepId, condition, ifTrue, ifFalse));
        }

        /** Adds an exit step. */
        public Builder exit(String stepId) {
            return add(new Step.Exit(stepId));
        }

        /** Adds a step. */
        public Builder add(Step step) {
            if (start == null) {
                start = step.id();
            }
            if (steps.putIfAbsent(step.id(), step) != null) {
                throw new IllegalArgumentException("step '" + step.id() + "' added twice");
            }
            return this;
        }

        /** The journey, checked, with every send on one of {@code channels}. */
        public Journey build(Set<Channel> channels) {
            Journey j = new Journey(id, trigger, reentry, exitOnPurchase, start == null ? "" : start,
                    new ArrayList<>(steps.values()));
            List<ConfigProblem> p = JourneyJson.checkChannels(j.steps(), Set.copyOf(channels));
            if (!p.isEmpty()) {
                throw new ConfigException("journey", p);
            }
            return j;
        }
    }
}
