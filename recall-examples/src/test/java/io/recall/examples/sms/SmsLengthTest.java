package io.recall.examples.sms;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SmsLength}: the lengths template validation checks before sending, as the SMS adapters cut them. */
class SmsLengthTest {

    private static SmsLength gsm(int units, int parts) {
        return new SmsLength(SmsLength.Alphabet.GSM7, units, parts);
    }

    private static SmsLength ucs2(int units, int parts) {
        return new SmsLength(SmsLength.Alphabet.UCS2, units, parts);
    }

    @Test
    void gsm7Takes160InOnePartAnd153PerPartAfter() {
        assertAll(() -> assertEquals(gsm(0, 1), SmsLength.of("")),
                () -> assertEquals(gsm(160, 1), SmsLength.of("a".repeat(160))),
                () -> assertEquals(gsm(161, 2), SmsLength.of("a".repeat(161))),
                () -> assertEquals(gsm(306, 2), SmsLength.of("a".repeat(306))),
                () -> assertEquals(gsm(307, 3), SmsLength.of("a".repeat(307))));
    }

    @Test
    void extensionCharactersCountTwiceAndAreNeverSplitAcrossParts() {
        assertAll(() -> assertEquals(gsm(160, 1), SmsLength.of("€".repeat(80))),
                () -> assertEquals(gsm(162, 2), SmsLength.of("€".repeat(81))),
                // 152 septets fill part one; the next € cannot take the 153rd septet alone.
                () -> assertEquals(gsm(306, 3), SmsLength.of("€".repeat(153))),
                () -> assertEquals(gsm(10, 1), SmsLength.of("^{}\\[~]|\f€".substring(0, 5))));
    }

    @Test
    void theWholeDefaultAlphabetIsGsm7AndOthersAreNot() {
        assertAll(() -> assertTrue(SmsLength.isGsm7("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?")),
                () -> assertTrue(SmsLength.isGsm7("¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")),
                () -> assertTrue(SmsLength.isGsm7("^{}\\[~]|€\f")),
                () -> assertFalse(SmsLength.isGsm7("ç")),   // only the capital Ç is in the alphabet
                () -> assertFalse(SmsLength.isGsm7("`")),
                () -> assertFalse(SmsLength.isGsm7("\u001B")),
                () -> assertFalse(SmsLength.isGsm7("退订")));
    }

    @Test
    void oneChineseCharacterMakesTheWholeMessageUcs2With70And67() {
        assertAll(() -> assertEquals(ucs2(70, 1), SmsLength.of("退".repeat(70))),
                () -> assertEquals(ucs2(71, 2), SmsLength.of("退".repeat(71))),
                () -> assertEquals(ucs2(134, 2), SmsLength.of("退".repeat(134))),
                () -> assertEquals(ucs2(135, 3), SmsLength.of("退".repeat(135))),
                () -> assertEquals(ucs2(100, 2), SmsLength.of("a".repeat(99) + "订")),
                () -> assertEquals("订", SmsLength.nonGsm7Characters("a".repeat(99) + "订")));
    }

    @Test
    void surrogatePairsCountTwoUnitsAndAreNeverSplit() {
        String emoji = "\uD83D\uDE00";   // 😀
        assertAll(() -> assertEquals(ucs2(70, 1), SmsLength.of(emoji.repeat(35))),
                () -> assertEquals(ucs2(72, 2), SmsLength.of(emoji.repeat(36))),
                () -> assertEquals(ucs2(135, 3), SmsLength.of("a" + emoji.repeat(67))));
    }
}
