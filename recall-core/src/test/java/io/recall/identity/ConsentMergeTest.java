package io.recall.identity;

import io.recall.channels.Channel;
import io.recall.model.Consent;
import io.recall.model.CustomerProfile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consents merge per channel: the newest statement of any record wins, with its provenance. */
class ConsentMergeTest {

    static final IdentityResolver RESOLVER = IdentityResolver.of(IdentityRules.defaults()
            .withSourcePriority(List.of("crm", "online")));
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static ProfileRecord record(String source, String id, long day, Consent... consents) {
        CustomerProfile profile = CustomerProfile.newBuilder(id).emails(List.of("same@x.org")).build();
        return new ProfileRecord(source, T0.plusSeconds(day * 86_400), profile, List.of(), List.of(consents));
    }

    private static Consent consent(String channel, boolean granted, long day, String source, String id) {
        return new Consent(Channel.of(channel), granted, T0.plusSeconds(day * 86_400), source, id);
    }

    @Test
    void aNewerWithdrawalFromALessTrustedSourceWinsAndNamesItsRecord() {
        ResolvedCustomer person = RESOLVER.resolve(List.of(
                record("crm", "c1", 10, consent("email", true, 1, "crm", "c1"), consent("sms", true, 1, "crm", "c1")),
                record("online", "w1", 2, consent("email", false, 2, "online", "w1")))).customers().get(0);
        assertFalse(person.consent(Channel.EMAIL).orElseThrow().granted());
        assertEquals(new FieldSource("online", "w1", T0.plusSeconds(2 * 86_400)), person.provenance().get("consents.email"));
        assertTrue(person.consent(Channel.SMS).orElseThrow().granted());
        assertEquals(java.util.Set.of("sms"), person.consentedChannels());
    }

    @Test
    void aNewerCopyOfARecordKeepsWhatTheOlderCopySaidOnOtherChannels() {
        ResolvedCustomer person = RESOLVER.resolve(List.of(
                record("crm", "c1", 1, consent("push", true, 1, "crm", "c1")),
                record("crm", "c1", 5, consent("email", true, 5, "crm", "c1")))).customers().get(0);
        assertEquals(List.of("email", "push"), person.consents().stream().map(c -> c.channel().id()).toList());
    }

    @Test
    void aRecordCannotStateAnotherRecordsConsent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> record("crm", "c1", 1, consent("email", true, 1, "online", "w1")));
        assertTrue(e.getMessage().contains("online:w1") && e.getMessage().contains("crm:c1"), e.getMessage());
    }

    @Provide
    Arbitrary<List<ProfileRecord>> records() {
        Arbitrary<ProfileRecord> record = Combinators.combine(
                Arbitraries.of("crm", "online", "desk"), Arbitraries.integers().between(1, 4),
                Arbitraries.longs().between(0, 3),
                Combinators.combine(Arbitraries.of("email", "sms", "push"), Arbitraries.of(true, false),
                        Arbitraries.longs().between(0, 3)).as((c, g, d) -> new Object[]{c, g, d}).list().ofMaxSize(3))
                .as((source, id, day, statements) -> {
                    List<Consent> consents = new ArrayList<>();
                    for (Object[] s : statements) {
                        consents.add(consent((String) s[0], (Boolean) s[1], (Long) s[2], source, "r" + id));
                    }
                    return record(source, "r" + id, day, consents.toArray(Consent[]::new));
                });
        return record.list().ofMaxSize(12);
    }

    @Property(tries = 100)
    void theOrderOfRecordsChangesNoConsent(@ForAll("records") List<ProfileRecord> records, @ForAll long seed) {
        List<ProfileRecord> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new Random(seed));
        assertEquals(RESOLVER.resolve(records), RESOLVER.resolve(shuffled));
        // The statement in force is never older than any statement on its channel.
        for (ResolvedCustomer person : RESOLVER.resolve(records).customers()) {
            for (Consent inForce : person.consents()) {
                assertTrue(records.stream().flatMap(r -> r.consents().stream())
                        .filter(c -> c.channel().equals(inForce.channel()))
                        .noneMatch(c -> c.at().isAfter(inForce.at())), inForce::toString);
            }
        }
    }
}
