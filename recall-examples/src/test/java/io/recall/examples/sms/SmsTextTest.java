package io.recall.examples.sms;

import io.recall.examples.sms.internal.Gsm7;
import io.recall.examples.sms.internal.Keywords;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GSM 03.38 code points, SMS lengths, and reply keywords. */
class SmsTextTest {

    @Nested
    class Gsm7Table {

        @Test
        void basicAndExtensionCharactersHaveTheirGsm0338Codes() {
            assertArrayEquals(new byte[]{0x00, 0x01, 0x11, 0x24, 0x40, 0x7F}, Gsm7.encode("@£_¤¡à", 0, 6));
            assertArrayEquals(new byte[]{0x1B, 0x65, 0x1B, 0x28, 0x1B, 0x29, 0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x14},
                    Gsm7.encode("€{}[]^", 0, 6));
        }

        @Test
        void extensionCharactersCountTwoSeptets() {
            assertEquals(4, Gsm7.septets("a€b"));
            assertEquals(SmsLength.Alphabet.GSM7, SmsLength.of("€".repeat(80)).alphabet());
            assertEquals(1, SmsLength.of("€".repeat(80)).parts());
            assertEquals(2, SmsLength.of("€".repeat(81)).parts());
        }
    }

    @Nested
    class Lengths {

        @Test
        void oneChineseCharacterSwitchesTheWholeTextToUcs2() {
            SmsLength length = SmsLength.of("a".repeat(100) + "订");
            assertEquals(new SmsLength(SmsLength.Alphabet.UCS2, 101, 2), length);
        }

        @Test
        void partLimitsAre160And153ForGsmAnd70And67ForUcs2() {
            assertEquals(1, SmsLength.of("a".repeat(160)).parts());
            assertEquals(2, SmsLength.of("a".repeat(306)).parts());
            assertEquals(3, SmsLength.of("a".repeat(307)).parts());
            assertEquals(1, SmsLength.of("订".repeat(70)).parts());
            assertEquals(2, SmsLength.of("订".repeat(134)).parts());
            assertEquals(3, SmsLength.of("订".repeat(135)).parts());
        }
    }

    @Nested
    class ReplyKeywords {

        @ParameterizedTest
        @ValueSource(strings = {"STOP", "stop", "  Stop  ", "stop.", "UNSUBSCRIBE", "Cancel", "end", "QUIT", "退订",
                " 退订。", "TD", "td", "ＳＴＯＰ"})
        void optOutKeywordsAreRecognisedWhateverTheirCaseAndSpacing(String reply) {
            assertEquals(Keywords.Kind.OPT_OUT, Keywords.classify(reply).orElseThrow().kind());
        }

        @ParameterizedTest
        @ValueSource(strings = {"stop sending me deals? no, keep them", "STOPPED", "tdd", "", "退订了吗", "help me stop"})
        void otherRepliesAreNoKeyword(String reply) {
            assertTrue(Keywords.classify(reply).filter(m -> m.kind() == Keywords.Kind.OPT_OUT).isEmpty());
        }

        @Test
        void helpIsRecognised() {
            assertEquals(Optional.of(new Keywords.Match(Keywords.Kind.HELP, "HELP")), Keywords.classify(" help "));
            assertEquals(Keywords.Kind.HELP, Keywords.classify("帮助").orElseThrow().kind());
        }
    }
}
