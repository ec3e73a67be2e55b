package io.recall.examples.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.recall.identity.PhoneNormalizer;

import java.util.Locale;
import java.util.Optional;

/**
 * A {@link PhoneNormalizer} backed by Google's libphonenumber: reads national formats in a default
 * region ({@code 07911 123456} in {@code GB}), international ones anywhere. {@link #strict()} refuses
 * numbers outside the ranges a region has assigned (the likely typos); {@link #lenient()} accepts any
 * number of a plausible length, for data that uses reserved fictional ranges such as Ofcom's drama
 * numbers. Thread-safe.
 */
public final class LibPhoneNumberNormalizer implements PhoneNormalizer {

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final boolean strict;

    private LibPhoneNumberNormalizer(boolean strict) {
        this.strict = strict;
    }

    /** Accepts only numbers in ranges their region has assigned. */
    public static LibPhoneNumberNormalizer strict() {
        return new LibPhoneNumberNormalizer(true);
    }

    /** Accepts any number of a plausible length for its region. */
    public static LibPhoneNumberNormalizer lenient() {
        return new LibPhoneNumberNormalizer(false);
    }

    @Override
    public Result normalize(String raw, Optional<String> defaultRegion) {
        String region = defaultRegion.map(r -> r.toUpperCase(Locale.ROOT)).orElse("ZZ");
        try {
            Phonenumber.PhoneNumber number = util.parse(raw, region);
            if (strict ? !util.isValidNumber(number) : !util.isPossibleNumber(number)) {
                return Result.invalid((strict ? "not in an assigned range" : "not a plausible length")
                        + " for country code +" + number.getCountryCode());
            }
            return Result.ok(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Result.invalid(e.getErrorType() == NumberParseException.ErrorType.INVALID_COUNTRY_CODE
                    ? "no country code and no default region to read it in" : "not a phone number: " + e.getMessage());
        }
    }
}
