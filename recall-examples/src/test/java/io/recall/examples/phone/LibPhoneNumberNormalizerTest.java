package io.recall.examples.phone;

import io.recall.identity.IdentityResolver;
import io.recall.identity.IdentityRules;
import io.recall.identity.PhoneNormalizer;
import io.recall.identity.ProfileRecord;
import io.recall.model.CustomerProfile;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibPhoneNumberNormalizerTest {

    static final PhoneNormalizer PHONES = LibPhoneNumberNormalizer.strict();

    @Test
    void nationalFormatsAreReadInTheDefaultRegion() {
        assertEquals(Optional.of("+447911123456"), PHONES.normalize("07911 123456", Optional.of("GB")).e164());
        assertEquals(Optional.of("+8613812345678"), PHONES.normalize("138 1234 5678", Optional.of("CN")).e164());
        assertEquals(Optional.of("+447911123456"), PHONES.normalize("+44 (0)7911-123456", Optional.of("CN")).e164());
    }

    @Test
    void strictRefusesUnassignedRangesWhichLenientAccepts() {
        // Ofcom's drama range is reserved for fiction: never assigned, but of a plausible length.
        assertTrue(PHONES.normalize("07700 900123", Optional.of("GB")).reason().orElseThrow().contains("assigned"));
        assertEquals(Optional.of("+447700900123"),
                LibPhoneNumberNormalizer.lenient().normalize("07700 900123", Optional.of("GB")).e164());
    }

    @Test
    void numbersThatCannotBeReadAreRefusedWithAReason() {
        assertTrue(PHONES.normalize("07911 123456", Optional.empty()).reason().orElseThrow().contains("no country code"));
        assertTrue(PHONES.normalize("12", Optional.of("GB")).reason().isPresent());
        assertTrue(PHONES.normalize("call me", Optional.of("GB")).reason().isPresent());
    }

    @Property(tries = 200)
    void normalisingAnE164NumberGivesItBack(@ForAll @IntRange(min = 100_000, max = 999_999) int line) {
        String e164 = "+447911" + line;
        PHONES.normalize(e164, Optional.of("GB")).e164().ifPresent(n ->
                assertEquals(Optional.of(n), PHONES.normalize(n, Optional.empty()).e164()));
    }

    @Test
    void identityResolutionMatchesNationalAndInternationalWritings() {
        IdentityResolver resolver = IdentityResolver.of(IdentityRules.defaults().withPhones(PHONES, Optional.of("GB")));
        Instant t = Instant.EPOCH;
        var r = resolver.resolve(List.of(
                ProfileRecord.of("stores", t, CustomerProfile.newBuilder("s1").phones(List.of("07911 123456")).build()),
                ProfileRecord.of("online", t, CustomerProfile.newBuilder("o1").phones(List.of("+44 7911 123456")).build())));
        assertEquals(1, r.customers().size());
    }
}
