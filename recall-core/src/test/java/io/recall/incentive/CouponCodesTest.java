package io.recall.incentive;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CouponCodesTest {

    static final CouponCodes DEFAULT = CouponCodes.newBuilder().random(new Random(42)).build();
    static final CouponCodes PREFIXED = CouponCodes.newBuilder().pattern("WB-####-####-####-@").random(new Random(7)).build();

    /**
     * The proof behind the check character: for every supported alphabet size up to 64 the table is a
     * quasigroup (each row and column a permutation, so one wrong character always changes the result) and
     * totally anti-symmetric ((c*x)*y = (c*y)*x only when x = y, so a swap of neighbours always does).
     */
    @Test
    void everySupportedOrderIsATotallyAntiSymmetricQuasigroup() {
        int checked = 0;
        for (int n = 3; n <= 64; n++) {
            if (!CheckQuasigroup.supports(n)) {
                assertEquals(2, n % 4);
                continue;
            }
            CheckQuasigroup q = CheckQuasigroup.of(n);
            for (int x = 0; x < n; x++) {
                boolean[] row = new boolean[n];
                boolean[] col = new boolean[n];
                for (int y = 0; y < n; y++) {
                    row[q.apply(x, y)] = true;
                    col[q.apply(y, x)] = true;
                }
                for (int v = 0; v < n; v++) {
                    assertTrue(row[v] && col[v], "order " + n + " row/column " + x + " is not a permutation");
                }
            }
            for (int c = 0; c < n; c++) {
                for (int x = 0; x < n; x++) {
                    for (int y = 0; y < n; y++) {
                        if (x != y) {
                            assertNotEquals(q.apply(q.apply(c, x), y), q.apply(q.apply(c, y), x),
                                    "order " + n + ": c=" + c + " x=" + x + " y=" + y);
                        }
                    }
                }
            }
            checked++;
        }
        assertEquals(47, checked);
    }

    @Provide
    Arbitrary<String> codes() {
        return Arbitraries.integers().between(0, 31).array(int[].class).ofSize(12).map(DEFAULT::layout);
    }

    @Property(tries = 300)
    void everySingleWrongCharacterIsCaught(@ForAll("codes") String code) {
        assertTrue(DEFAULT.validate(code).isValid(), code);
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) == '-') {
                continue;
            }
            for (char c : CouponCodes.CROCKFORD32.toCharArray()) {
                if (c != code.charAt(i)) {
                    String typo = code.substring(0, i) + c + code.substring(i + 1);
                    CodeCheck check = DEFAULT.validate(typo);
                    assertEquals(java.util.Optional.of(CodeCheck.Reason.CHECK_FAILED), check.reason(), typo);
                }
            }
        }
    }

    @Property(tries = 300)
    void everySwapOfNeighboursIsCaught(@ForAll("codes") String code) {
        String bare = code.replace("-", "");
        for (int i = 0; i + 1 < bare.length(); i++) {
            if (bare.charAt(i) == bare.charAt(i + 1)) {
                continue;
            }
            String swapped = bare.substring(0, i) + bare.charAt(i + 1) + bare.charAt(i) + bare.substring(i + 2);
            String laidOut = swapped.substring(0, 4) + "-" + swapped.substring(4, 8) + "-" + swapped.substring(8, 12)
                    + "-" + swapped.substring(12);
            assertFalse(DEFAULT.validate(laidOut).isValid(), laidOut + " from " + code);
        }
    }

    @Test
    void exhaustivelyEverySubstitutionAndSwapOnTwoCharacterPrefixes() {
        // Every pair of leading characters (32 x 32) with a fixed tail: all single typos and the swap of the pair.
        for (int a = 0; a < 32; a++) {
            for (int b = 0; b < 32; b++) {
                int[] digits = {a, b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
                String code = DEFAULT.layout(digits);
                assertTrue(DEFAULT.validate(code).isValid());
                if (a != b) {
                    int[] swapped = digits.clone();
                    swapped[0] = b;
                    swapped[1] = a;
                    String bad = DEFAULT.layout(swapped).substring(0, 15) + code.charAt(15);
                    assertFalse(DEFAULT.validate(bad).isValid(), bad);
                }
            }
        }
    }

    @Nested
    class Generation {
        @Test
        void followsThePatternAndIsValid() {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 2000; i++) {
                String code = PREFIXED.next();
                assertTrue(code.matches("WB-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]"), code);
                assertTrue(PREFIXED.validate(code).isValid());
                seen.add(code);
            }
            assertEquals(2000, seen.size());
            assertEquals(60.0, PREFIXED.entropyBits(), 1e-9);
        }

        @Test
        void aSeededRandomGivesTheSameCodes() {
            CouponCodes a = CouponCodes.newBuilder().random(new Random(1)).build();
            CouponCodes b = CouponCodes.newBuilder().random(new Random(1)).build();
            assertEquals(a.next(), b.next());
        }

        @Test
        void theDefaultUsesSecureRandomAndTheCrockfordAlphabet() {
            CouponCodes codes = CouponCodes.defaults();
            assertEquals(CouponCodes.CROCKFORD32, codes.alphabet());
            assertFalse(codes.alphabet().matches(".*[ILOU].*"));
            assertTrue(codes.validate(codes.next()).isValid());
        }
    }

    @Nested
    class Configuration {
        @Test
        void refusesLessThanSixtyBits() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CouponCodes.newBuilder().pattern("####-####-###@").build());
            assertTrue(e.getMessage().contains("55.0 bits; at least 60"), e.getMessage());
        }

        @Test
        void refusesLookAlikesRepeatsAndUnsupportedSizes() {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> CouponCodes.newBuilder().alphabet("0123456789ABCDEFGHJKMNOPQRSTVWXYZ").build())
                    .getMessage().contains("look-alikes 'O' and '0'"));
            assertThrows(IllegalArgumentException.class, () -> CouponCodes.newBuilder().alphabet("AAB").build());
            // 30 characters: 30 mod 4 = 2, no check table of that order here.
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> CouponCodes.newBuilder().alphabet("0123456789ABCDEFGHJKMNPQRSTVWX").build())
                    .getMessage().contains("size was 30"));
        }

        @Test
        void refusesAPatternWithoutOneFinalCheckCharacter() {
            assertThrows(IllegalArgumentException.class, () -> CouponCodes.newBuilder().pattern("#############").build());
            assertThrows(IllegalArgumentException.class, () -> CouponCodes.newBuilder().pattern("@#############").build());
            assertThrows(IllegalArgumentException.class, () -> CouponCodes.newBuilder().pattern("#############@@").build());
        }

        @Test
        void otherAlphabetSizesWork() {
            CouponCodes digits33 = CouponCodes.newBuilder().alphabet("0123456789ABCDEFGHJKMNPQRSTUVWXYZ")
                    .pattern("############@").random(new Random(3)).build();
            assertTrue(digits33.validate(digits33.next()).isValid());
        }
    }

    @Nested
    class Validation {
        @Test
        void readsLowerCaseAndCrockfordLookAlikes() {
            String code = DEFAULT.layout(new int[] {0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
            assertEquals("0101-2345-6789-", code.substring(0, 15));
            assertTrue(DEFAULT.validate(" " + code.toLowerCase().replace('0', 'o').replaceFirst("1", "l") + " ").isValid());
        }

        @Test
        void saysWhyACodeIsNotValid() {
            String code = PREFIXED.next();
            CodeCheck shortCode = PREFIXED.validate(code.substring(1));
            assertEquals(java.util.Optional.of(CodeCheck.Reason.WRONG_LENGTH), shortCode.reason());
            assertTrue(shortCode.message().contains("19 characters"), shortCode.message());
            CodeCheck prefix = PREFIXED.validate("XB" + code.substring(2));
            assertEquals(java.util.Optional.of(CodeCheck.Reason.WRONG_LAYOUT), prefix.reason());
            assertTrue(prefix.message().contains("character 1 should be 'W'"), prefix.message());
            CodeCheck alien = PREFIXED.validate(code.substring(0, 3) + "U" + code.substring(4));
            assertEquals(java.util.Optional.of(CodeCheck.Reason.NOT_IN_ALPHABET), alien.reason());
            assertEquals("valid", PREFIXED.validate(code).message());
        }
    }

    @Test
    void patternsWithLiteralLookAlikesValidateTheirOwnCodes() {
        for (String pattern : new String[] {"PROMO-####-####-####-@", "SALE-####-####-####-@", "GOLD-IL-####-####-####-@",
                "promo-####-####-####-@"}) {
            CouponCodes codes = CouponCodes.newBuilder().pattern(pattern).random(new Random(pattern.hashCode())).build();
            for (int i = 0; i < 500; i++) {
                String code = codes.next();
                CodeCheck check = codes.validate(code);
                assertTrue(check.isValid(), pattern + " " + code + ": " + check.message());
                assertTrue(codes.validate(code.toLowerCase(java.util.Locale.ROOT)).isValid(), code);
            }
        }
    }

    @Test
    void lookAlikesAreReadOnlyWhereThePatternHasRandomOrCheckCharacters() {
        CouponCodes sale = CouponCodes.newBuilder().pattern("SALE-####-####-####-@").random(new Random(3)).build();
        String code = sale.layout(new int[] {0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertEquals("SALE-0101-2345-6789-", code.substring(0, 20));
        String typed = "sale-o1O1-2345-6789-" + code.substring(20);
        assertEquals(code, sale.normalize(typed));
        assertTrue(sale.validate(typed).isValid());
        CodeCheck wrongLiteral = sale.validate("SA1E" + code.substring(4));
        assertEquals(java.util.Optional.of(CodeCheck.Reason.WRONG_LAYOUT), wrongLiteral.reason());
    }
}
