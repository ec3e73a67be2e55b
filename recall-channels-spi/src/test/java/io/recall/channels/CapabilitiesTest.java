package io.recall.channels;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapabilitiesTest {

    @Test
    void defaultsAreTheMostCautious() {
        Capabilities c = Capabilities.of(Channel.EMAIL);
        assertEquals(Set.of(Channel.EMAIL), c.channels());
        assertEquals(1, c.maxBatch());
        assertEquals(Optional.empty(), c.rateLimit());
        assertEquals(Capabilities.Rendering.LOCAL, c.rendering());
        assertFalse(c.providerDeduplicates());
        assertEquals(Duration.ofSeconds(30), c.maxSendDuration());
    }

    @Test
    void withersChangeOneThing() {
        Capabilities c = Capabilities.of(Channel.SMS, Channel.of("messenger")).withMaxBatch(100)
                .withRateLimit(50, Duration.ofSeconds(1)).withRendering(Capabilities.Rendering.PROVIDER)
                .withProviderDeduplication(true).withMaxSendDuration(Duration.ofSeconds(5));
        assertTrue(c.serves(Channel.of("messenger")));
        assertFalse(c.serves(Channel.EMAIL));
        assertEquals(100, c.maxBatch());
        assertEquals(Optional.of(new Capabilities.RateLimit(50, Duration.ofSeconds(1))), c.rateLimit());
        assertTrue(c.providerDeduplicates());
    }

    @Test
    void badValuesAreRejectedWithTheirName() {
        assertEquals("maxBatch must be at least 1 but was 0", assertThrows(IllegalArgumentException.class,
                () -> Capabilities.of(Channel.EMAIL).withMaxBatch(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Capabilities.of(Channel.EMAIL, Channel.EMAIL));
        assertThrows(IllegalArgumentException.class, () -> Capabilities.of(Channel.EMAIL).withRateLimit(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Capabilities.of(Channel.EMAIL).withMaxSendDuration(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Capabilities(Set.of(), 1, Optional.empty(),
                Capabilities.Rendering.NONE, false, Duration.ofSeconds(1)));
    }
}
