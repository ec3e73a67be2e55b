package io.recall.identity;

import io.recall.model.CustomerProfile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentityResolverTest {

    static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2024-06-01T00:00:00Z");
    static final IdentityResolver DEFAULT = IdentityResolver.of(IdentityRules.defaults());

    static ProfileRecord rec(String source, String id, Instant at, String name, List<String> emails, List<String> phones) {
        CustomerProfile.Builder b = CustomerProfile.newBuilder(id).emails(emails).phones(phones);
        if (name != null) {
            b.name(name);
        }
        return ProfileRecord.of(source, at, b.build());
    }

    @Nested
    class Matching {
        @Test
        void emailsMatchWhateverTheirCaseAndSpaces() {
            Resolution r = DEFAULT.resolve(List.of(
                    rec("online", "17", T1, "Ann", List.of("  Ann.Lee@Example.COM "), List.of()),
                    rec("desk", "t-9", T1, null, List.of("ann.lee@example.com"), List.of())));
            assertEquals(1, r.customers().size());
            assertEquals(List.of("desk:t-9", "online:17"), r.customers().get(0).records());
            assertEquals(List.of("ann.lee@example.com"), r.customers().get(0).profile().emails());
            assertEquals(List.of("desk:t-9 = online:17 by EMAIL a***@example.com"), r.customers().get(0).explain());
        }

        @Test
        void mergesAreTransitive() {
            Resolution r = DEFAULT.resolve(List.of(
                    rec("online", "1", T1, null, List.of("a@x.org"), List.of()),
                    rec("stores", "2", T1, null, List.of("a@x.org"), List.of("+44 7700 900123")),
                    rec("desk", "3", T1, null, List.of(), List.of("+44-7700-900123"))));
            assertEquals(1, r.customers().size());
            assertEquals(2, r.customers().get(0).links().size());
        }

        @Test
        void memberIdsAndLinkedIdsJoinRecords() {
            ProfileRecord web = ProfileRecord.of("online", T1, CustomerProfile.newBuilder("w1").memberId("M42").build());
            ProfileRecord store = ProfileRecord.of("stores", T1, CustomerProfile.newBuilder("s1").memberId("M42").build());
            ProfileRecord desk = new ProfileRecord("desk", T1, CustomerProfile.newBuilder("d1").build(), List.of("online:w1"));
            Resolution r = DEFAULT.resolve(List.of(web, store, desk));
            assertEquals(1, r.customers().size());
            assertTrue(r.customers().get(0).explain().contains("desk:d1 = online:w1 by LINKED_ID online:w1"),
                    r.customers().get(0).explain().toString());
        }

        @Test
        void aLinkToAnAccountWithoutAProfileMakesItAnAliasAndJoinsOthersThatNameIt() {
            ProfileRecord store = new ProfileRecord("stores", T1, CustomerProfile.newBuilder("s1").build(), List.of("online:w7"));
            ProfileRecord desk = new ProfileRecord("desk", T1, CustomerProfile.newBuilder("d1").build(), List.of("online:w7"));
            Resolution r = DEFAULT.resolve(List.of(store, desk));
            assertEquals(1, r.customers().size());
            assertEquals(List.of("online:w7"), r.customers().get(0).aliases());
            assertEquals(Optional.of(r.customers().get(0).id()), r.customerIdOf("online", "w7"));
        }

        @Test
        void differentPeopleStayApart() {
            Resolution r = DEFAULT.resolve(List.of(
                    rec("online", "1", T1, null, List.of("a@x.org"), List.of()),
                    rec("online", "2", T1, null, List.of("b@x.org"), List.of())));
            assertEquals(2, r.customers().size());
        }

        @Test
        void onlyTheConfiguredKeysMatch() {
            IdentityResolver emailOnly = IdentityResolver.of(IdentityRules.defaults().withKeys(Set.of(MatchKey.EMAIL)));
            Resolution r = emailOnly.resolve(List.of(
                    rec("online", "1", T1, null, List.of(), List.of("+447700900123")),
                    rec("stores", "2", T1, null, List.of(), List.of("+447700900123"))));
            assertEquals(2, r.customers().size());
        }
    }

    @Nested
    class BadAndSharedContacts {
        @Test
        void invalidValuesAreReportedNotFixed() {
            Resolution r = DEFAULT.resolve(List.of(rec("stores", "1", T1, null, List.of("not-an-email"),
                    List.of("07700 900123"))));
            assertEquals(2, r.rejections().size());
            assertTrue(r.rejections().stream().anyMatch(x -> x.key() == MatchKey.PHONE
                    && x.reason().contains("no country code")), r.rejections().toString());
            assertEquals(List.of(), r.customers().get(0).profile().phones());
        }

        @Test
        void aBlocklistedStorePhoneMergesNobody() {
            IdentityResolver resolver = IdentityResolver.of(IdentityRules.defaults().withBlocklist(Set.of("+44 20 7946 0000")));
            Resolution r = resolver.resolve(List.of(
                    rec("stores", "walk-in-1", T1, null, List.of(), List.of("+442079460000")),
                    rec("stores", "walk-in-2", T1, null, List.of(), List.of("+44 (20) 7946-0000"))));
            assertEquals(2, r.customers().size());
            assertEquals(2, r.rejections().size());
            assertTrue(r.rejections().get(0).reason().contains("blocklist"));
            assertEquals(List.of(), r.customers().get(0).profile().phones(), "the shop's phone is not the customer's");
        }

        @Test
        void aNationalNumberNeedsANormaliserThatKnowsTheRegion() {
            PhoneNormalizer gb = (raw, region) -> {
                String digits = raw.replaceAll("[^0-9+]", "");
                return digits.startsWith("0") && region.equals(Optional.of("GB"))
                        ? PhoneNormalizer.Result.ok("+44" + digits.substring(1))
                        : PhoneNormalizer.E164_ONLY.normalize(raw, region);
            };
            IdentityResolver resolver = IdentityResolver.of(IdentityRules.defaults().withPhones(gb, Optional.of("GB")));
            Resolution r = resolver.resolve(List.of(
                    rec("stores", "1", T1, null, List.of(), List.of("07700 900123")),
                    rec("online", "2", T1, null, List.of(), List.of("+44 7700 900123"))));
            assertEquals(1, r.customers().size());
            assertEquals(List.of("+447700900123"), r.customers().get(0).profile().phones());
        }
    }

    @Nested
    class Conflicts {
        @Test
        void theMostTrustedSourceWinsThenTheNewest() {
            IdentityResolver resolver = IdentityResolver.of(IdentityRules.defaults().withSourcePriority(List.of("crm", "online")));
            Resolution r = resolver.resolve(List.of(
                    rec("online", "1", T2, "Annie", List.of("a@x.org"), List.of()),
                    rec("crm", "9", T1, "Ann Lee", List.of("a@x.org"), List.of()),
                    rec("desk", "5", T2, "A. Lee", List.of("a@x.org"), List.of("+447700900123"))));
            ResolvedCustomer c = r.customers().get(0);
            assertEquals(Optional.of("Ann Lee"), c.profile().name());
            assertEquals(new FieldSource("crm", "9", T1), c.provenance().get("name"));
            assertEquals(new FieldSource("desk", "5", T2), c.provenance().get("phones"));
            assertEquals("crm:9", c.id());
        }

        @Test
        void amongEquallyTrustedSourcesTheNewestWins() {
            Resolution r = DEFAULT.resolve(List.of(
                    rec("online", "1", T1, "Old Name", List.of("a@x.org"), List.of()),
                    rec("online", "2", T2, "New Name", List.of("a@x.org"), List.of())));
            assertEquals(Optional.of("New Name"), r.customers().get(0).profile().name());
        }

        @Test
        void aNewerCopyOfARecordReplacesItAndKeepsThePersonsId() {
            Resolution first = DEFAULT.resolve(List.of(
                    rec("online", "1", T1, "Ann", List.of("a@x.org"), List.of()),
                    rec("stores", "7", T1, null, List.of("a@x.org"), List.of())));
            Resolution second = DEFAULT.resolve(List.of(
                    rec("online", "1", T1, "Ann", List.of("a@x.org"), List.of()),
                    rec("stores", "7", T1, null, List.of("a@x.org"), List.of()),
                    rec("stores", "7", T2, "Ann Lee", List.of("a@x.org"), List.of())));
            assertEquals(first.customers().get(0).id(), second.customers().get(0).id());
            assertEquals(Optional.of("Ann Lee"), second.customers().get(0).profile().name());
            assertEquals(Optional.of("online:1"), second.customerIdOf("stores", "7"));
        }
    }
}
