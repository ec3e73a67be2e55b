package io.recall.generator;

import io.recall.model.CustomerProfile;
import io.recall.model.Gender;
import io.recall.model.Money;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Draws who a customer is: name, contacts, birth year, gender, home zone and language, membership.
 *
 * <p>The member tier depends on spend, so a profile is made in two steps: {@link #draw} before the
 * history is simulated, {@link Person#toProfile} after. Immutable and thread-safe.
 */
final class ProfileFactory {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Locale EN_GB = Locale.forLanguageTag("en-GB");
    static final Locale ZH_CN = Locale.forLanguageTag("zh-CN");

    /** Only the domains RFC 2606 reserves, so no generated address can reach anyone. */
    private static final List<String> EMAIL_DOMAINS = List.of("example.com", "example.org", "example.net");

    private static final Gender[] GENDERS = {Gender.FEMALE, Gender.MALE, Gender.OTHER, Gender.UNSPECIFIED};

    private final ZoneId shopZone;
    private final int startYear;
    private final ContactNumbers numbers;

    ProfileFactory(ZoneId shopZone, int startYear, long seed) {
        this.shopZone = shopZone;
        this.startYear = startYear;
        this.numbers = new ContactNumbers(seed);
    }

    /** Who customer {@code number} is, apart from the member tier. */
    Person draw(String id, long number, Rng rng) {
        Gender gender = GENDERS[rng.weighted(Calibration.GENDER_WEIGHTS)];
        // OTHER and UNSPECIFIED take either list: a name says nothing reliable about them.
        boolean female = gender == Gender.FEMALE || (gender != Gender.MALE && rng.chance(0.5));
        double home = rng.nextDouble();
        boolean chinese = home < Calibration.CHINESE_SHARE;
        ZoneId zone = chinese ? SHANGHAI
                : home < Calibration.CHINESE_SHARE + Calibration.NEW_YORK_SHARE ? NEW_YORK : shopZone;

        String name;
        String emailLocal;
        if (chinese) {
            Names.Chinese surname = pick(Names.CHINESE_SURNAMES, rng);
            Names.Chinese given = pick(female ? Names.CHINESE_FEMALE : Names.CHINESE_MALE, rng);
            name = surname.hanzi() + given.hanzi();
            emailLocal = surname.pinyin() + given.pinyin();
        } else {
            String first = pick(female ? Names.ENGLISH_FEMALE : Names.ENGLISH_MALE, rng);
            String last = pick(Names.ENGLISH_SURNAMES, rng);
            name = first + " " + last;
            emailLocal = first + "." + last;
        }
        // The customer number makes the address unique; letters only, lower case, for names like O'Brien.
        String email = emailLocal.toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "") + "." + number
                + "@" + pick(EMAIL_DOMAINS, rng);

        List<String> phones = !rng.chance(Calibration.PHONE_SHARE) ? List.of()
                : List.of(chinese ? numbers.chinesePhone(number) : numbers.ukPhone(number));
        int age = Calibration.MIN_AGE + (int) StrictMath.floor((Calibration.MAX_AGE - Calibration.MIN_AGE + 1)
                * rng.beta(Calibration.AGE_SHAPE_A, Calibration.AGE_SHAPE_B));
        Optional<String> memberId = rng.chance(Calibration.MEMBER_SHARE)
                ? Optional.of(numbers.memberId(number)) : Optional.empty();
        return new Person(id, name, email, phones, startYear - age, gender, zone, chinese ? ZH_CN : EN_GB, memberId);
    }

    private static <T> T pick(List<T> list, Rng rng) {
        return list.get(rng.nextInt(list.size()));
    }

    /** A drawn person, waiting for the tier their spend earns. */
    record Person(String id, String name, String email, List<String> phones, int birthYear, Gender gender,
                  ZoneId zone, Locale locale, Optional<String> memberId) {

        /** The profile; members get the tier of their net spend over the period. */
        CustomerProfile toProfile(Money netSpend) {
            CustomerProfile.Builder builder = CustomerProfile.newBuilder(id)
                    .name(name)
                    .emails(List.of(email))
                    .phones(phones)
                    .birthYear(birthYear)
                    .gender(gender)
                    .timeZone(zone)
                    .locale(locale);
            memberId.ifPresent(member -> builder.memberId(member).memberTier(tier(netSpend.amount())));
            return builder.build();
        }

        private static String tier(BigDecimal spend) {
            if (spend.compareTo(BigDecimal.valueOf(Calibration.GOLD_FROM)) >= 0) {
                return "gold";
            }
            return spend.compareTo(BigDecimal.valueOf(Calibration.SILVER_FROM)) >= 0 ? "silver" : "bronze";
        }
    }
}
