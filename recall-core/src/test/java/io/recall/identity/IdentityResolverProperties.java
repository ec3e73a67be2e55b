package io.recall.identity;

import io.recall.model.CustomerProfile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The merge depends only on the set of records: not their order, not their batching; it is idempotent. */
class IdentityResolverProperties {

    static final IdentityResolver RESOLVER = IdentityResolver.of(IdentityRules.defaults()
            .withSourcePriority(List.of("crm", "online")).withBlocklist(Set.of("+440000000000")));

    @Provide
    Arbitrary<List<ProfileRecord>> records() {
        // A small pool of contact values so that records collide often, transitively and through the blocklist.
        Arbitrary<String> email = Arbitraries.of("a@x.org", " A@X.org", "b@x.org", "c@y.com", "bad-email");
        Arbitrary<String> phone = Arbitraries.of("+447700900001", "+44 7700 900001", "+447700900002", "+440000000000", "0770");
        Arbitrary<ProfileRecord> record = Combinators.combine(
                Arbitraries.of("crm", "online", "stores", "desk"),
                Arbitraries.integers().between(1, 12),
                Arbitraries.longs().between(0, 5),
                email.list().ofMaxSize(2), phone.list().ofMaxSize(2),
                Arbitraries.of("Ann", "Bob", "Cy").optional(),
                Arbitraries.of("M1", "M2").optional())
                .as((source, id, day, emails, phones, name, member) -> {
                    CustomerProfile.Builder b = CustomerProfile.newBuilder("r" + id).emails(emails).phones(phones);
                    name.ifPresent(b::name);
                    member.ifPresent(b::memberId);
                    return ProfileRecord.of(source, Instant.EPOCH.plusSeconds(day * 86_400), b.build());
                });
        return record.list().ofMaxSize(25);
    }

    @Property(tries = 300)
    void theOrderOfRecordsChangesNothing(@ForAll("records") List<ProfileRecord> records, @ForAll long seed) {
        List<ProfileRecord> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new Random(seed));
        assertEquals(RESOLVER.resolve(records), RESOLVER.resolve(shuffled));
    }

    @Provide
    Arbitrary<List<ProfileRecord>> distinctRecords() {
        return records().map(list -> List.copyOf(list.stream()
                .collect(java.util.stream.Collectors.toMap(ProfileRecord::key, r -> r, (a, b) -> a,
                        java.util.LinkedHashMap::new)).values()));
    }

    /** (A newer copy of a record legitimately replaces the old one, so the records here are distinct.) */
    @Property(tries = 300)
    void batchesChangeNothing(@ForAll("distinctRecords") List<ProfileRecord> records, @ForAll long seed) {
        // Resolve a first batch, then everything once the second arrives: the same as all at once.
        int cut = records.isEmpty() ? 0 : new Random(seed).nextInt(records.size() + 1);
        Resolution firstBatch = RESOLVER.resolve(records.subList(0, cut));
        List<ProfileRecord> later = new ArrayList<>(records.subList(cut, records.size()));
        later.addAll(records.subList(0, cut));
        assertEquals(RESOLVER.resolve(records), RESOLVER.resolve(later));
        // ...and the people of the first batch never split when more records arrive.
        Resolution all = RESOLVER.resolve(records);
        for (ResolvedCustomer c : firstBatch.customers()) {
            assertEquals(1, c.records().stream().map(r -> all.index().get(r)).distinct().count(), c::toString);
        }
    }

    @Property(tries = 300)
    void resolvingTheMergedPeopleAgainChangesNothing(@ForAll("records") List<ProfileRecord> records) {
        Resolution once = RESOLVER.resolve(records);
        List<ProfileRecord> merged = once.customers().stream()
                .map(c -> ProfileRecord.of("merged", Instant.EPOCH, c.profile())).toList();
        Resolution twice = RESOLVER.resolve(merged);
        assertEquals(once.customers().size(), twice.customers().size());
        assertEquals(once.customers().stream().map(c -> c.profile().emails()).toList(),
                twice.customers().stream().map(c -> c.profile().emails()).toList());
    }

    @Property
    void normalisationIsIdempotent(@ForAll("anyText") String raw) {
        IdentityResolver.normalizeEmail(raw).ifPresent(e -> assertEquals(java.util.Optional.of(e), IdentityResolver.normalizeEmail(e)));
        PhoneNormalizer.E164_ONLY.normalize(raw, java.util.Optional.empty()).e164().ifPresent(p ->
                assertEquals(java.util.Optional.of(p), PhoneNormalizer.E164_ONLY.normalize(p, java.util.Optional.empty()).e164()));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("+0123456789 -()").ofMaxLength(20),
                Arbitraries.strings().withChars("abcXYZ@. ").ofMaxLength(20));
    }
}
