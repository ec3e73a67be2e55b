package io.recall.channels;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SendResultTest {

    @Test
    void eachCaseNamesItsKind() {
        assertEquals(SendResult.Kind.ACCEPTED, SendResult.accepted("p-1").kind());
        assertEquals(SendResult.Kind.RETRYABLE, SendResult.retryable("http 503").kind());
        assertEquals(SendResult.Kind.PERMANENT, SendResult.permanent("smtp 550 5.1.1", true).kind());
        assertEquals(SendResult.Kind.UNKNOWN, SendResult.unknown("read timed out").kind());
    }

    @Test
    void retryAfterIsKeptAndMustNotBeNegative() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), SendResult.retryable("http 429", Duration.ofSeconds(30)).retryAfter());
        assertEquals(Optional.empty(), SendResult.retryable("http 503").retryAfter());
        assertThrows(IllegalArgumentException.class, () -> SendResult.retryable("x", Duration.ofSeconds(-1)));
    }

    @Test
    void reasonsAreRequiredAndCut() {
        assertThrows(IllegalArgumentException.class, () -> SendResult.unknown(" "));
        assertThrows(NullPointerException.class, () -> SendResult.permanent(null, false));
        assertThrows(IllegalArgumentException.class, () -> SendResult.accepted(""));
        assertEquals(500, SendResult.unknown("x".repeat(2000)).reason().length());
    }
}
