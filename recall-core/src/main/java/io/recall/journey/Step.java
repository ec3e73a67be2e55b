package io.recall.journey;

import io.recall.channels.Channel;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** One step of a journey, named by an id unique within it. */
public sealed interface Step {

    /** The step's id. */
    String id();

    /** The ids of the steps this one can move to. */
    List<String> successors();

    /** Enqueues one message on {@code channel} with template {@code templateId}, then moves to {@code next}. */
    record Send(String id, Channel channel, String templateId, String next) implements Step {
        /** Requires every value. */
        public Send {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(templateId, "templateId");
            Objects.requireNonNull(next, "next");
        }

        @Override
        public List<String> successors() {
            return List.of(next);
        }
    }

    /** Waits {@code duration} from arrival, then moves to {@code next}. */
    record Wait(String id, Duration duration, String next) implements Step {
        /** Requires every value. */
        public Wait {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(next, "next");
        }

        @Override
        public List<String> successors() {
            return List.of(next);
        }
    }

    /** Moves to {@code ifTrue} when {@code condition} holds at that moment, else to {@code ifFalse}. */
    record Branch(String id, Condition condition, String ifTrue, String ifFalse) implements Step {
        /** Requires every value. */
        public Branch {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(ifTrue, "ifTrue");
            Objects.requireNonNull(ifFalse, "ifFalse");
        }

        @Override
        public List<String> successors() {
            return List.of(ifTrue, ifFalse);
        }
    }

    /** Ends the entry. */
    record Exit(String id) implements Step {
        /** Requires the id. */
        public Exit {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public List<String> successors() {
            return List.of();
        }
    }
}
