package io.recall.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefundTest {

    static OrderLine line(String amount) {
        return OrderLine.of("A", Optional.empty(), 1, Money.of(amount, "GBP"));
    }

    @Test
    void linesMustAddUpToTheAmount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Refund("r1", "c",
                Instant.EPOCH, RefundKind.RETURN, Optional.of("o1"), "web", Money.of("100", "GBP"), List.of(line("5"))));
        assertTrue(e.getMessage().contains("add up to 5.00 GBP but its amount is 100.00 GBP"), e.getMessage());
        assertDoesNotThrow(() -> new Refund("r1", "c", Instant.EPOCH, RefundKind.RETURN, Optional.of("o1"), "web",
                Money.of("7.50", "GBP"), List.of(line("5"), line("2.5"))));
    }

    @Test
    void anAmountAloneIsEnough() {
        assertDoesNotThrow(() -> new Refund("r1", "c", Instant.EPOCH, RefundKind.CANCELLATION, Optional.empty(), "web",
                Money.of("100", "GBP"), List.of()));
    }
}
