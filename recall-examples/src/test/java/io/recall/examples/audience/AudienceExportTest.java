package io.recall.examples.audience;

import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.examples.audience.internal.Normalise;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.recall.examples.audience.AudienceDestination.GOOGLE_CUSTOMER_MATCH;
import static io.recall.examples.audience.AudienceDestination.META_CUSTOM_AUDIENCES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudienceExportTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static String hash(AudienceDestination d, Optional<String> normalised) {
        return Normalise.sha256Hex(normalised.orElseThrow());
    }

    @Nested
    class GoldenVectors {

        // Meta's documented examples ("Customer Information Parameters", developers.facebook.com/docs/marketing-api/
        // conversions-api/parameters/customer-information-parameters): the same normalisation as customer lists.
        @Test
        void metaEmailMatchesTheDocumentedHash() {
            assertEquals(Optional.of("john_smith@gmail.com"), META_CUSTOM_AUDIENCES.normaliseEmail("John_Smith@gmail.com"));
            assertEquals("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f",
                    hash(META_CUSTOM_AUDIENCES, META_CUSTOM_AUDIENCES.normaliseEmail(" John_Smith@gmail.com ")));
        }

        @Test
        void metaPhoneMatchesTheDocumentedHash() {
            // The documented input is the US number (650)555-1212; with its country code it is +16505551212.
            assertEquals(Optional.of("16505551212"), META_CUSTOM_AUDIENCES.normalisePhone("+1 (650) 555-1212"));
            assertEquals("e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176",
                    hash(META_CUSTOM_AUDIENCES, META_CUSTOM_AUDIENCES.normalisePhone("+16505551212")));
        }

        // Google documents the rules but no example digests; these were computed independently with
        // `printf '%s' VALUE | sha256sum` (GNU coreutils).
        @Test
        void googleEmailDropsGmailDotsBeforeHashing() {
            assertEquals(Optional.of("testuser@gmail.com"), GOOGLE_CUSTOMER_MATCH.normaliseEmail(" Test.User@GMail.com "));
            assertEquals("dae9c7c55697ba170d6b494c458649bd469af525520280d0dcfc98d74d13b17e",
                    hash(GOOGLE_CUSTOMER_MATCH, GOOGLE_CUSTOMER_MATCH.normaliseEmail("Test.User@gmail.com")));
            assertEquals("b1dd4aa5ffe1507d6883708fdf4f7a88d176b107097b541c6975a70e2b8ffbb8",
                    hash(GOOGLE_CUSTOMER_MATCH, GOOGLE_CUSTOMER_MATCH.normaliseEmail("john.smith@googlemail.com")));
            assertEquals("87924606b4131a8aceeeae8868531fbb9712aaa07a5d3a756b26ce0f5d6ca674",
                    hash(GOOGLE_CUSTOMER_MATCH, GOOGLE_CUSTOMER_MATCH.normaliseEmail("test@gmail.com")));
        }

        @Test
        void googleKeepsDotsOfOtherDomainsAndPhonesWithThePlus() {
            assertEquals("8e621e3d0368631d263d07a351fa8d34fba0d17c15fbcdec11a5f58008d022a0",
                    hash(GOOGLE_CUSTOMER_MATCH, GOOGLE_CUSTOMER_MATCH.normaliseEmail("John.Smith@Example.com")));
            assertEquals("1e231c66011e7a2d867a9cfae267a6aff103cf4913640b6e71a99850fc0ffbc8",
                    hash(GOOGLE_CUSTOMER_MATCH, GOOGLE_CUSTOMER_MATCH.normalisePhone("+16505551212")));
        }

        @Test
        void theTwoPlatformsHashTheSameNumberDifferently() {
            assertEquals("543f9cda443b9c55ebcf8ab34b586f9dc34948776b73de02393c41d5f8edc356",
                    hash(GOOGLE_CUSTOMER_MATCH, GOOGLE_CUSTOMER_MATCH.normalisePhone("+442079460000")));
            assertEquals("38e62b3e091778f9214de3aa00ae498aa4b78433d73dec5977eb2ec1c8be4a69",
                    hash(META_CUSTOM_AUDIENCES, META_CUSTOM_AUDIENCES.normalisePhone("+442079460000")));
            // Meta keeps the dots of a Gmail address.
            assertEquals(Optional.of("test.user@gmail.com"), META_CUSTOM_AUDIENCES.normaliseEmail("Test.User@gmail.com"));
        }

        @Test
        void invalidIdentifiersNormaliseToNothing() {
            for (String bad : List.of("", "no-at-sign", "@example.com", "a@", "a b@example.com", "a@b@example.com")) {
                assertEquals(Optional.empty(), GOOGLE_CUSTOMER_MATCH.normaliseEmail(bad), bad);
            }
            for (String bad : List.of("07700900123", "+0123456", "+1", "+44 7700 900123 ext 4")) {
                assertEquals(Optional.empty(), META_CUSTOM_AUDIENCES.normalisePhone(bad), bad);
            }
        }
    }

    @Nested
    class TheExport {

        private final ConsentLedger consents = ConsentLedger.inMemory();

        private void grant(String id) {
            consents.append(ConsentEntry.granted(id, Channel.AD_AUDIENCE, Purpose.MARKETING,
                    Instant.parse("2026-01-01T00:00:00Z"), "privacy-2026-01", "checkout checkbox"));
        }

        private List<AudienceCandidate> candidates() {
            grant("c1");
            grant("c2");
            grant("c3");
            grant("c5");
            grant("c6");
            consents.append(ConsentEntry.withdrawn("c6", Channel.AD_AUDIENCE, Purpose.MARKETING,
                    Instant.parse("2026-06-01T00:00:00Z"), "privacy-2026-01", "preference centre"));
            // c7's grant is only in the future of the clock.
            consents.append(ConsentEntry.granted("c7", Channel.AD_AUDIENCE, Purpose.MARKETING,
                    Instant.parse("2027-01-01T00:00:00Z"), "privacy-2026-01", "checkout checkbox"));
            return List.of(
                    new AudienceCandidate("c1", List.of("Ada.Lovelace@Gmail.com"), List.of("+447700900123")),
                    new AudienceCandidate("c2", List.of("not an address", "grace@example.org"), List.of()),
                    new AudienceCandidate("c3", List.of(), List.of("07700 900456")),
                    new AudienceCandidate("c4", List.of("alan@example.org"), List.of("+447700900789")),
                    new AudienceCandidate("c5", List.of("adalovelace@gmail.com"), List.of("+447700900123")),
                    new AudienceCandidate("c6", List.of("withdrawn@example.org"), List.of()),
                    new AudienceCandidate("c7", List.of("later@example.org"), List.of()));
        }

        @Test
        void everyCandidateIsListedOrExcludedWithAReasonAndTheCountsReconcile() {
            AudienceList list = AudienceExport.build(candidates(), GOOGLE_CUSTOMER_MATCH, consents, CLOCK);
            assertEquals(7, list.considered());
            assertEquals(List.of("c1", "c2"), list.members().stream().map(AudienceMemberRow::customerId).toList());
            assertEquals(Map.of(AudienceExclusion.Reason.NO_AD_CONSENT, 2, AudienceExclusion.Reason.AD_CONSENT_WITHDRAWN, 1,
                    AudienceExclusion.Reason.NO_VALID_IDENTIFIER, 1, AudienceExclusion.Reason.DUPLICATE_IDENTIFIER, 1),
                    list.excludedByReason());
            assertEquals(list.considered(), list.members().size()
                    + list.excludedByReason().values().stream().mapToInt(Integer::intValue).sum());
            assertEquals("c3", list.exclusions().stream().filter(x -> x.reason()
                    == AudienceExclusion.Reason.NO_VALID_IDENTIFIER).findFirst().orElseThrow().customerId());
            // For Meta, c5's dotless Gmail address is a different identifier, but the shared phone still is not.
            AudienceList meta = AudienceExport.build(candidates(), META_CUSTOM_AUDIENCES, consents, CLOCK);
            AudienceMemberRow c5 = meta.members().stream().filter(m -> m.customerId().equals("c5")).findFirst().orElseThrow();
            assertTrue(c5.emailSha256().isPresent() && c5.phoneSha256().isEmpty(), c5.toString());
        }

        @Test
        void theFileHasThePlatformsColumnsAndNoRawIdentifier() throws IOException {
            List<AudienceCandidate> all = candidates();
            for (AudienceDestination d : AudienceDestination.values()) {
                StringWriter out = new StringWriter();
                AudienceExport.writeCsv(AudienceExport.build(all, d, consents, CLOCK), out);
                String file = out.toString();
                String[] lines = file.split("\n");
                assertEquals(d == GOOGLE_CUSTOMER_MATCH ? "Email,Phone" : "email,phone", lines[0]);
                for (int i = 1; i < lines.length; i++) {
                    assertTrue(lines[i].matches("([0-9a-f]{64})?,([0-9a-f]{64})?"), lines[i]);
                }
                for (AudienceCandidate c : all) {
                    assertFalse(file.contains(c.customerId() + ","), "customer id in the file");
                    for (String raw : concat(c.emails(), c.phones())) {
                        for (String form : List.of(raw, raw.toLowerCase(java.util.Locale.ROOT), raw.replace("+", ""),
                                raw.replaceAll("[^0-9]", ""))) {
                            assertFalse(!form.isEmpty() && file.contains(form), d + " file contains '" + form + "'");
                        }
                    }
                }
            }
        }

        @Test
        void aCustomerWhoseFirstAddressIsSharedIsListedWithTheirOwnNextAddress() {
            grant("f1");
            grant("f2");
            grant("f3");
            AudienceList list = AudienceExport.build(List.of(
                    new AudienceCandidate("f1", List.of("family@example.test"), List.of("+447700900111")),
                    new AudienceCandidate("f2", List.of("family@example.test", "not an address", "bob@example.test"),
                            List.of("+447700900111")),
                    new AudienceCandidate("f3", List.of("family@example.test", "bob@example.test"), List.of())),
                    META_CUSTOM_AUDIENCES, consents, CLOCK);
            assertEquals(List.of("f1", "f2"), list.members().stream().map(AudienceMemberRow::customerId).toList(),
                    "exclusions: " + list.exclusions());
            AudienceMemberRow f2 = list.members().get(1);
            assertEquals(Optional.of(hash(META_CUSTOM_AUDIENCES, META_CUSTOM_AUDIENCES.normaliseEmail("bob@example.test"))),
                    f2.emailSha256());
            assertTrue(f2.phoneSha256().isEmpty(), "the shared phone is not exported twice");
            // f3 has nothing of their own left: excluded, and the detail says every valid identifier was taken.
            AudienceExclusion f3 = list.exclusions().get(0);
            assertEquals("f3", f3.customerId());
            assertEquals(AudienceExclusion.Reason.DUPLICATE_IDENTIFIER, f3.reason());
            assertEquals("every valid identifier (2 e-mail, 0 phone) is already in the audience for another customer",
                    f3.detail());
        }

        @Test
        void aCustomerGivenTwiceIsAnError() {
            grant("c1");
            AudienceCandidate c = new AudienceCandidate("c1", List.of("a@example.org"), List.of());
            assertThrows(IllegalArgumentException.class,
                    () -> AudienceExport.build(List.of(c, c), META_CUSTOM_AUDIENCES, consents, CLOCK));
        }

        private static List<String> concat(List<String> a, List<String> b) {
            return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
        }
    }
}
