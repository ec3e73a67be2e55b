package io.recall.examples.sms;

import io.recall.examples.sms.internal.Gsm7;
import io.recall.examples.sms.internal.Segmenter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segmentation invariants: the parts put back together are the text, and each part fits its limit. */
class SegmentationProperties {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    @Provide
    Arbitrary<String> gsmTexts() {
        Arbitrary<Character> basic = Arbitraries.of(chars(GSM_BASIC));
        Arbitrary<Character> extension = Arbitraries.of(chars(GSM_EXTENSION));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, basic), net.jqwik.api.Tuple.of(2, extension))
                .list().ofMaxSize(700).map(SegmentationProperties::join);
    }

    @Provide
    Arbitrary<String> unicodeTexts() {
        Arbitrary<String> chinese = Arbitraries.chars().range('\u4e00', '\u9fa5').map(String::valueOf);
        Arbitrary<String> emoji = Arbitraries.integers().between(0x1F600, 0x1F64F).map(Character::toString);
        Arbitrary<String> gsm = Arbitraries.of(chars(GSM_BASIC + GSM_EXTENSION)).map(String::valueOf);
        return Arbitraries.oneOf(chinese, emoji, gsm).list().ofMinSize(1).ofMaxSize(400)
                .map(parts -> String.join("", parts)).filter(s -> !Gsm7.canEncode(s));
    }

    @Property(tries = 100)
    void gsmPartsReassembleAndFitTheirSeptets(@ForAll("gsmTexts") String text,
                                              @ForAll @IntRange(min = 0, max = 255) int reference) {
        Segmenter.Segmented s = Segmenter.segment(text, reference);
        assertEquals(SmsLength.Alphabet.GSM7, s.alphabet());
        check(text, s, 160, 153, Gsm7::septets);
    }

    @Property(tries = 100)
    void ucs2PartsReassembleAndFitTheirCodeUnits(@ForAll("unicodeTexts") String text,
                                                 @ForAll @IntRange(min = 0, max = 255) int reference) {
        Segmenter.Segmented s = Segmenter.segment(text, reference);
        assertEquals(SmsLength.Alphabet.UCS2, s.alphabet());
        check(text, s, 70, 67, String::length);
        for (String part : s.texts()) {
            assertFalse(part.isEmpty() || Character.isLowSurrogate(part.charAt(0)), "a part starts mid surrogate pair");
        }
    }

    private static void check(String text, Segmenter.Segmented s, int single, int perPart,
                              java.util.function.ToIntFunction<String> units) {
        assertEquals(text, String.join("", s.texts()));
        int n = s.texts().size();
        assertEquals(n, s.payloads().size());
        assertEquals(n, SmsLength.of(text).parts());
        for (int i = 0; i < n; i++) {
            String part = s.texts().get(i);
            int limit = n == 1 ? single : perPart;
            assertTrue(units.applyAsInt(part) <= limit, "part " + (i + 1) + " of " + n + " has "
                    + units.applyAsInt(part) + " units, limit " + limit);
            byte[] payload = s.payloads().get(i);
            int udh = n == 1 ? 0 : 6;
            if (n > 1) {
                assertEquals(List.of(5, 0, 3, n, i + 1), List.of((int) payload[0], (int) payload[1], (int) payload[2],
                        payload[4] & 0xFF, payload[5] & 0xFF));
            }
            assertEquals(part, Segmenter.decode(s.dataCoding(), payload, udh));
        }
        if (n > 1) {
            // Not wasteful either: a part is cut only when the next character would not fit.
            for (int i = 0; i < n - 1; i++) {
                String next = s.texts().get(i + 1);
                int nextWidth = units.applyAsInt(next.substring(0, Character.charCount(next.codePointAt(0))));
                assertTrue(units.applyAsInt(s.texts().get(i)) + nextWidth > perPart, "part " + (i + 1) + " cut early");
            }
        }
    }

    private static Character[] chars(String s) {
        return s.chars().mapToObj(c -> (char) c).toArray(Character[]::new);
    }

    private static String join(List<Character> chars) {
        StringBuilder b = new StringBuilder(chars.size());
        chars.forEach(b::append);
        return b.toString();
    }
}
