package io.recall.delivery.internal;

import io.recall.channels.Channel;
import io.recall.delivery.FrequencyCap;
import io.recall.delivery.FrequencyStore.CountedSend;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which counted sends are an entry's own, and so no rivals under its caps. */
class FrequencyCapsTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final List<FrequencyCap> ONE_A_DAY = List.of(FrequencyCap.perChannel(Channel.EMAIL, 1, Duration.ofDays(1)));

    private static Optional<Instant> blocked(String entryId, String countedKey) {
        return FrequencyCaps.blockedUntil(entryId, Channel.EMAIL, T0, ONE_A_DAY,
                (channel, since) -> List.of(new CountedSend(countedKey, Channel.EMAIL, T0.minusSeconds(60))));
    }

    @Test
    void anotherEntryWhoseIdExtendsThisOnesIsARival() {
        // Ids are free-form tokens: "promo" and "promo@shop.test" are two messages to one customer.
        assertEquals(Optional.of(T0.minusSeconds(60).plus(Duration.ofDays(1))), blocked("promo", "promo@shop.test"));
        assertEquals(Optional.of(T0.minusSeconds(60).plus(Duration.ofDays(1))), blocked("promo", "promo-2"));
    }

    @Test
    void theEntrysOwnCountsAreNoRivals() {
        assertEquals(Optional.empty(), blocked("promo", "promo"));
        assertEquals(Optional.empty(), blocked("promo", FrequencyCaps.attemptKey("promo", 3)));
        assertEquals(Optional.empty(), blocked("promo", "promo@3"));   // as counted before the attempt keys changed
    }

    @Property
    void anAttemptKeyIsOwnedByItsEntryAlone(@ForAll @StringLength(min = 1, max = 20) String id,
                                            @ForAll @StringLength(min = 1, max = 20) String other,
                                            @ForAll @IntRange(min = 1, max = 1000) int number) {
        // Ids are visible ASCII without spaces (Message ids are such tokens).
        String a = id.chars().mapToObj(c -> String.valueOf((char) ('!' + Math.floorMod(c, 94)))).reduce("", String::concat);
        String b = other.chars().mapToObj(c -> String.valueOf((char) ('!' + Math.floorMod(c, 94)))).reduce("", String::concat);
        assertTrue(FrequencyCaps.own(FrequencyCaps.attemptKey(a, number), a));
        if (!a.equals(b)) {
            assertFalse(FrequencyCaps.own(FrequencyCaps.attemptKey(b, number), a));
            // Another entry's id is never this one's, except in the old form: this id, "@" and digits.
            assertEquals(b.matches(java.util.regex.Pattern.quote(a) + "@[0-9]+"), FrequencyCaps.own(b, a), a + " / " + b);
        }
    }
}
