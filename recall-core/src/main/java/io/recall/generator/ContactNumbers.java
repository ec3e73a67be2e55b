package io.recall.generator;

import java.util.List;
import java.util.Locale;

/**
 * Phone numbers and member ids that are unique per customer and safe to publish.
 *
 * <p>Each is a bijection of the customer number onto a pool, offset by the seed: customer {@code i}
 * keeps its number whatever the size of the shop, and two customers never share one while the shop is
 * smaller than the pool. UK numbers come only from the ranges Ofcom reserves for drama (17 ranges of
 * 1,000, one of them mobile), which reach no one; beyond 17,000 UK customers numbers repeat. Chinese
 * numbers use the +86 138 mobile prefix, as there is no reserved fictional range in China: they are
 * well-formed but may belong to someone, so the data must never be sent to a real SMS provider.
 */
final class ContactNumbers {

    /** E.164 prefixes of Ofcom's drama ranges; each takes three more digits 000-999. */
    private static final List<String> UK_DRAMA_PREFIXES = List.of(
            "+447700900", // mobile 07700 900xxx
            "+441134960", "+441144960", "+441154960", "+441164960", "+441174960", "+441184960",
            "+441214960", "+441314960", "+441414960", "+441514960", "+441614960", "+441914980",
            "+442079460", "+442896496", "+442920180", "+441632960");

    private static final long UK_POOL = UK_DRAMA_PREFIXES.size() * 1000L;
    private static final long EIGHT_DIGITS = 100_000_000L;

    // Multipliers coprime to the pool sizes (17,000 = 2^3·5^3·17 and 10^8), so i -> a·i + b is a bijection.
    private static final long UK_STEP = 7_919;
    private static final long CN_STEP = 48_271;
    private static final long MEMBER_STEP = 69_621;

    private final long ukOffset;
    private final long cnOffset;
    private final long memberOffset;

    ContactNumbers(long seed) {
        this.ukOffset = Math.floorMod(Rng.mix64(seed ^ 0x55_4BL), UK_POOL);
        this.cnOffset = Math.floorMod(Rng.mix64(seed ^ 0x43_4EL), EIGHT_DIGITS);
        this.memberOffset = Math.floorMod(Rng.mix64(seed ^ 0x4D_42L), EIGHT_DIGITS);
    }

    /** A UK drama-range number in E.164 for customer {@code number} (1-based). */
    String ukPhone(long number) {
        long slot = Math.floorMod(UK_STEP * (number - 1) + ukOffset, UK_POOL);
        return UK_DRAMA_PREFIXES.get((int) (slot / 1000)) + String.format(Locale.ROOT, "%03d", slot % 1000);
    }

    /** A Chinese mobile number (+86 138) in E.164 for customer {@code number}. */
    String chinesePhone(long number) {
        long slot = Math.floorMod(CN_STEP * (number - 1) + cnOffset, EIGHT_DIGITS);
        return "+86138" + String.format(Locale.ROOT, "%08d", slot);
    }

    /** A loyalty member id, {@code M} and eight digits, for customer {@code number}. */
    String memberId(long number) {
        long slot = Math.floorMod(MEMBER_STEP * (number - 1) + memberOffset, EIGHT_DIGITS);
        return "M" + String.format(Locale.ROOT, "%08d", slot);
    }
}
