package io.recall.identity;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderEvent;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.model.CustomerProfile;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Online Retail customers split over three sources (online orders, an offline-membership export,
 * a service-desk export), with their contact details written differently in each and one source missing
 * the e-mail, plus walk-in records that share the store's own phone: the merge recovers exactly the
 * original customers.
 */
class MultiSourceOnlineRetailTest {

    static final String STORE_PHONE = "+44 20 7946 0000";
    static final List<ProfileRecord> records = new ArrayList<>();
    /** source:id -> the Online Retail customer it was made from (walk-ins map to themselves). */
    static final Map<String, String> truth = new HashMap<>();
    static int customers;

    @BeforeAll
    static void split() throws IOException {
        Set<String> ids = new TreeSet<>();
        OrderImporter.read(SharedData.onlineRetail(), InputFormat.ONLINE_RETAIL, ImportOptions.defaults(), event -> {
            if (event instanceof OrderEvent.PurchaseLine) {
                ids.add(event.customerId());
            }
        }, ProgressListener.NONE);
        customers = ids.size();
        Instant t = Instant.parse("2011-12-10T00:00:00Z");
        for (String id : ids) {
            Random random = new Random(Long.parseLong(id));
            String digits = id.substring(id.length() - 5);
            String email = "Customer" + id + "@Example.com";
            String phone = "+44 7700 9" + digits.substring(0, 2) + " " + digits.substring(2);
            // Each customer is in the web shop, and in one or both of the other sources.
            int where = 1 + random.nextInt(3); // 1 = stores, 2 = desk, 3 = both
            add("online", id, t, id, CustomerProfile.newBuilder(id).name("Customer " + id)
                    .emails(List.of("  " + email + " ")).phones(List.of(phone)).build());
            if ((where & 1) != 0) {
                // The membership export has no e-mail and writes phones with dashes.
                String storeId = "S" + Integer.toHexString(id.hashCode());
                add("stores", storeId, t.minusSeconds(86_400), id, CustomerProfile.newBuilder(storeId)
                        .phones(List.of(phone.replace(' ', '-'))).memberId("M" + id).build());
            }
            if ((where & 2) != 0) {
                // The service desk types e-mails in lower case, phones in brackets, and names differently.
                String ticket = "T" + (Long.parseLong(id) * 7919 % 1_000_003);
                add("desk", ticket, t.minusSeconds(3_600), id, CustomerProfile.newBuilder(ticket)
                        .name(("customer " + id).toUpperCase()).emails(List.of(email.toLowerCase()))
                        .phones(List.of("(" + phone.substring(0, 3) + ")" + phone.substring(3))).build());
            }
        }
        for (int i = 1; i <= 60; i++) {
            String walkIn = "W" + i;
            add("stores", walkIn, t, "stores:" + walkIn, CustomerProfile.newBuilder(walkIn)
                    .phones(List.of(STORE_PHONE)).build());
        }
    }

    private static void add(String source, String id, Instant at, String person, CustomerProfile profile) {
        records.add(ProfileRecord.of(source, at, profile));
        truth.put(source + ":" + id, person);
    }

    @Test
    void theMergeRecoversExactlyTheOriginalCustomers() {
        IdentityResolver resolver = IdentityResolver.of(IdentityRules.defaults()
                .withSourcePriority(List.of("online", "stores", "desk"))
                .withBlocklist(Set.of(STORE_PHONE)));
        Resolution resolution = resolver.resolve(records);

        assertEquals(4_338, customers);
        assertEquals(customers + 60, resolution.customers().size(), "every customer once, every walk-in alone");
        for (ResolvedCustomer person : resolution.customers()) {
            Set<String> origins = new TreeSet<>();
            person.records().forEach(r -> origins.add(truth.get(r)));
            assertEquals(1, origins.size(), () -> person.id() + " merged different people: " + origins);
        }
        assertEquals(60, resolution.rejections().stream().filter(r -> r.reason().contains("blocklist")).count());

        // The web shop is the most trusted source: its name and id win; the e-mail is normalised.
        ResolvedCustomer c = resolution.customers().stream().filter(p -> p.id().equals("online:17850")).findFirst()
                .orElseThrow();
        assertEquals("Customer 17850", c.profile().name().orElseThrow());
        assertEquals(List.of("customer17850@example.com"), c.profile().emails());
        assertTrue(c.profile().phones().get(0).startsWith("+4477009"), c.profile().phones().toString());
        assertTrue(c.records().size() >= 2 && c.explain().size() == c.records().size() - 1, c.explain().toString());
        assertEquals(java.util.Optional.of("online:17850"), resolution.customerIdOf("online", "17850"));
    }
}
