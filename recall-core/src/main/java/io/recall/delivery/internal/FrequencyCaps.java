package io.recall.delivery.internal;

import io.recall.channels.Channel;
import io.recall.delivery.FrequencyCap;
import io.recall.delivery.FrequencyStore.CountedSend;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** The cap arithmetic shared by the frequency stores' atomic check-and-count. */
public final class FrequencyCaps {

    private FrequencyCaps() {
    }

    /**
     * The key that counts attempt {@code number} of an entry once it may have been delivered: the id, a space and
     * the number. Ids are visible ASCII without spaces, so no other entry's id or key can take this form.
     */
    public static String attemptKey(String entryId, int number) {
        return entryId + " " + number;
    }

    /**
     * Whether a counted send is the entry's own: its id, one of its attempt keys, or (as counted before 2026-11)
     * the id, {@code @} and an attempt number.
     */
    static boolean own(String key, String entryId) {
        if (!key.startsWith(entryId)) {
            return false;
        }
        String rest = key.substring(entryId.length());
        return rest.isEmpty() || rest.matches(" [0-9]+") || rest.matches("@[0-9]+");
    }

    /**
     * When the caps that apply to {@code channel} leave room again for {@code entryId}, or empty if they leave
     * room at {@code now}. {@code sendsSince} answers a customer's counted sends on a channel (or all) since an
     * instant; the entry's own counts ({@link #own}) are no rivals.
     */
    public static Optional<Instant> blockedUntil(String entryId, Channel channel, Instant now, List<FrequencyCap> caps,
                                                 BiFunction<Optional<Channel>, Instant, List<CountedSend>> sendsSince) {
        Instant freeAt = null;
        for (FrequencyCap cap : caps) {
            if (!cap.appliesTo(channel)) {
                continue;
            }
            // Rolling window (now - window, now].
            List<CountedSend> recent = sendsSince.apply(cap.channel(), now.minus(cap.window()).plusNanos(1)).stream()
                    .filter(c -> !own(c.entryId(), entryId))
                    .toList();
            if (recent.size() >= cap.max()) {
                Instant free = recent.get(recent.size() - cap.max()).at().plus(cap.window());
                freeAt = freeAt == null || free.isAfter(freeAt) ? free : freeAt;
            }
        }
        return Optional.ofNullable(freeAt);
    }
}
