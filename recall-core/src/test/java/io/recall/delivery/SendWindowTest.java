package io.recall.delivery;

import io.recall.channels.Address;
import io.recall.delivery.internal.LogSafe;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendWindowTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant local(int year, int month, int day, int hour, int minute, ZoneId zone) {
        return ZonedDateTime.ofLocal(LocalDateTime.of(year, month, day, hour, minute), zone, null).toInstant();
    }

    @Test
    void windowCrossingMidnightIsOpenLateAndEarly() {
        SendWindow night = SendWindow.of(LocalTime.of(22, 0), LocalTime.of(6, 0));
        assertTrue(night.contains(LocalTime.of(23, 30)));
        assertTrue(night.contains(LocalTime.of(5, 59)));
        assertFalse(night.contains(LocalTime.of(6, 0)));
        assertFalse(night.contains(LocalTime.of(12, 0)));
        assertEquals(local(2026, 5, 4, 22, 0, NEW_YORK), night.nextOpening(local(2026, 5, 4, 12, 0, NEW_YORK), NEW_YORK));
    }

    @Test
    void afterTodaysWindowTheNextOpeningIsTomorrow() {
        SendWindow evening = SendWindow.of(LocalTime.of(19, 0), LocalTime.of(21, 0));
        assertEquals(local(2026, 5, 5, 19, 0, NEW_YORK), evening.nextOpening(local(2026, 5, 4, 21, 0, NEW_YORK), NEW_YORK));
    }

    @Test
    void windowOpeningInsideADstGapOpensWhenTheClockJumpsIntoIt() {
        // 2026-03-08 02:00 EST jumps to 03:00 EDT; 02:30 does not exist that night.
        SendWindow w = SendWindow.of(LocalTime.of(2, 30), LocalTime.of(4, 0));
        Instant opening = w.nextOpening(local(2026, 3, 8, 1, 0, NEW_YORK), NEW_YORK);
        assertEquals(ZonedDateTime.of(2026, 3, 8, 3, 0, 0, 0, NEW_YORK).toInstant(), opening);
    }

    @Test
    void windowWhollyInsideADstGapWaitsForTheNextDay() {
        SendWindow w = SendWindow.of(LocalTime.of(2, 15), LocalTime.of(2, 45));
        Instant opening = w.nextOpening(local(2026, 3, 8, 1, 0, NEW_YORK), NEW_YORK);
        assertEquals(local(2026, 3, 9, 2, 15, NEW_YORK), opening);
    }

    @Test
    void repeatedHourOfAnOverlapOpensTheWindowAgain() {
        // 2026-11-01 02:00 EDT falls back to 01:00 EST: 01:10-01:20 happens twice.
        SendWindow w = SendWindow.of(LocalTime.of(1, 10), LocalTime.of(1, 20));
        Instant afterFirst = ZonedDateTime.ofLocal(LocalDateTime.of(2026, 11, 1, 1, 30), NEW_YORK, null)
                .withEarlierOffsetAtOverlap().toInstant();
        Instant second = ZonedDateTime.ofLocal(LocalDateTime.of(2026, 11, 1, 1, 10), NEW_YORK, null)
                .withLaterOffsetAtOverlap().toInstant();
        assertEquals(second, w.nextOpening(afterFirst, NEW_YORK));
    }

    @Test
    void equalBoundsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SendWindow.of(LocalTime.NOON, LocalTime.NOON));
    }

    @Test
    void logsMaskEmailsAndPhones() {
        assertEquals("a***@example.com", LogSafe.address(new Address.Email("ann.lee@example.com")));
        assertEquals("+44*******123", LogSafe.address(new Address.Phone("+447700900123")));
    }
}
