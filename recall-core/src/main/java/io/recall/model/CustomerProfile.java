package io.recall.model;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What is known about a customer as a person: contacts, demographics, membership.
 *
 * <p>Absent facts are empty, never null. Build with {@link #newBuilder(String)}.
 *
 * @param id         the customer's id, not blank
 * @param name       the display name
 * @param emails     e-mail addresses, most preferred first
 * @param phones     phone numbers (E.164 once normalised), most preferred first
 * @param birthYear  the year of birth, when known
 * @param ageBand    an age band such as {@code 25-34}, when only that is known
 * @param gender     the stated gender
 * @param timeZone   the customer's own time zone: quiet hours and local send times use it
 * @param locale     the language to write to the customer in
 * @param memberId   the loyalty-programme membership id
 * @param memberTier the loyalty tier, e.g. {@code gold}
 * @param country    where the customer lives, an ISO 3166-1 alpha-2 code such as {@code GB}
 */
public record CustomerProfile(String id, Optional<String> name, List<String> emails, List<String> phones,
                              OptionalInt birthYear, Optional<String> ageBand, Optional<Gender> gender,
                              Optional<ZoneId> timeZone, Optional<Locale> locale, Optional<String> memberId,
                              Optional<String> memberTier, Optional<String> country) {

    /** A profile without a country (the shape before countries were known). */
    public CustomerProfile(String id, Optional<String> name, List<String> emails, List<String> phones,
                           OptionalInt birthYear, Optional<String> ageBand, Optional<Gender> gender,
                           Optional<ZoneId> timeZone, Optional<Locale> locale, Optional<String> memberId,
                           Optional<String> memberTier) {
        this(id, name, emails, phones, birthYear, ageBand, gender, timeZone, locale, memberId, memberTier,
                Optional.empty());
    }

    /** Validates the profile and copies its lists. */
    public CustomerProfile {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("customer id is blank");
        }
        Objects.requireNonNull(name, "name");
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
        Objects.requireNonNull(birthYear, "birthYear");
        Objects.requireNonNull(ageBand, "ageBand");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(memberTier, "memberTier");
        Objects.requireNonNull(country, "country");
        if (country.isPresent() && !country.get().matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("country of " + id + " must be an ISO 3166-1 alpha-2 code but was '"
                    + country.get() + "'");
        }
        if (birthYear.isPresent() && (birthYear.getAsInt() < 1880 || birthYear.getAsInt() > 2100)) {
            throw new IllegalArgumentException("birth year of " + id + " out of range 1880..2100: " + birthYear.getAsInt());
        }
    }

    /** A builder for the customer with the given id. */
    public static Builder newBuilder(String id) {
        return new Builder(id);
    }

    /** Builds a {@link CustomerProfile}; every setter is optional. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private Optional<String> name = Optional.empty();
        private List<String> emails = List.of();
        private List<String> phones = List.of();
        private OptionalInt birthYear = OptionalInt.empty();
        private Optional<String> ageBand = Optional.empty();
        private Optional<Gender> gender = Optional.empty();
        private Optional<ZoneId> timeZone = Optional.empty();
        private Optional<Locale> locale = Optional.empty();
        private Optional<String> memberId = Optional.empty();
        private Optional<String> memberTier = Optional.empty();
        private Optional<String> country = Optional.empty();

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /** The display name. */
        public Builder name(String name) {
            this.name = Optional.of(name);
            return this;
        }

        /** E-mail addresses, most preferred first. */
        public Builder emails(List<String> emails) {
            this.emails = List.copyOf(emails);
            return this;
        }

        /** Phone numbers, most preferred first. */
        public Builder phones(List<String> phones) {
            this.phones = List.copyOf(phones);
            return this;
        }

        /** The year of birth. */
        public Builder birthYear(int year) {
            this.birthYear = OptionalInt.of(year);
            return this;
        }

        /** An age band such as {@code 25-34}, when the year is not known. */
        public Builder ageBand(String band) {
            this.ageBand = Optional.of(band);
            return this;
        }

        /** The stated gender. */
        public Builder gender(Gender gender) {
            this.gender = Optional.of(gender);
            return this;
        }

        /** The customer's own time zone. */
        public Builder timeZone(ZoneId zone) {
            this.timeZone = Optional.of(zone);
            return this;
        }

        /** The language to write to the customer in. */
        public Builder locale(Locale locale) {
            this.locale = Optional.of(locale);
            return this;
        }

        /** The loyalty-programme membership id. */
        public Builder memberId(String memberId) {
            this.memberId = Optional.of(memberId);
            return this;
        }

        /** The loyalty tier. */
        public Builder memberTier(String tier) {
            this.memberTier = Optional.of(tier);
            return this;
        }

        /** The country, an ISO 3166-1 alpha-2 code such as {@code GB}. */
        public Builder country(String country) {
            this.country = Optional.of(country);
            return this;
        }

        /** The profile. */
        public CustomerProfile build() {
            return new CustomerProfile(id, name, emails, phones, birthYear, ageBand, gender, timeZone, locale,
                    memberId, memberTier, country);
        }
    }
}
