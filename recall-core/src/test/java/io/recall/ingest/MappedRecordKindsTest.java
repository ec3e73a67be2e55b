package io.recall.ingest;

import io.recall.channels.Channel;
import io.recall.identity.FieldSource;
import io.recall.identity.ResolvedCustomer;
import io.recall.model.Consent;
import io.recall.model.Money;
import io.recall.model.ProductView;
import io.recall.model.ServiceInteraction;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Views, interactions, consents, names and countries, and refunds across sources, in a mapped import. */
class MappedRecordKindsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-07-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private MultiSourceImport.Result run(String config, List<OrderEvent> orders, List<ProductView> views) throws IOException {
        ImportConfig c = ImportConfig.fromJson(config, dir);
        return MultiSourceImport.of(c, c.identity(), CLOCK).run(orders::add, views::add);
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
    }

    @Nested
    class ViewsAndInteractions {

        static final String CONFIG = """
                {"sources": [
                  {"name": "members", "kind": "profiles", "file": "members.csv",
                   "columns": {"id": "member", "email": "mail", "linkedId": "web"}},
                  {"name": "web", "kind": "views", "file": "views.csv", "decimalSeparator": ",", "delimiter": ";",
                   "columns": {"customerId": "account", "sku": "product", "at": "time", "dwell": "seconds"}},
                  {"name": "app", "kind": "views", "file": "app.jsonl", "format": "jsonl", "customersFrom": "members",
                   "columns": {"customerId": "member", "sku": "sku", "at": "ts", "dwell": "dwell"}},
                  {"name": "desk", "kind": "interactions", "file": "tickets.csv", "customersFrom": "members",
                   "orderIdsFrom": "shop",
                   "columns": {"customerId": "member", "id": "ticket", "at": "at", "type": "type", "status": "status",
                               "channel": "via", "category": "topic", "orderId": "order", "sentiment": "mood"}},
                  {"name": "shop", "kind": "orders", "file": "orders.csv", "currency": "EUR",
                   "columns": {"customerId": "account", "orderId": "order", "at": "at", "amount": "amount"}}]}
                """;

        void files() throws IOException {
            write("members.csv", """
                    member,mail,web
                    M1,jana@example.de,web:w1
                    M2,ole@example.de,
                    """);
            write("orders.csv", """
                    account,order,at,amount
                    w1,A-1,2024-05-03T10:15:00Z,9.00
                    """);
            write("views.csv", """
                    account;product;time;seconds
                    w1;SOCKS;2024-05-01T10:00:00Z;12,5
                    w1;SOCKS;2024-05-01T10:00:00Z;12,5
                    w1;HAT;2024-05-01T10:01:00Z;
                    w9;HAT;2024-05-02T10:01:00Z;PT1M
                    ;HAT;2024-05-02T10:01:00Z;3
                    w1;HAT;yesterday;3
                    w1;HAT;2024-05-02T10:02:00Z;-4
                    """);
            write("app.jsonl", """
                    {"member": "M1", "sku": "SOCKS", "ts": "2024-05-01T10:00:00Z", "dwell": 30}
                    {"member": "M2", "sku": "SCARF", "ts": "2024-05-04T08:00:00Z"}
                    {"member": "M2", "sku": "", "ts": "2024-05-04T08:00:00Z"}
                    """);
            write("tickets.csv", """
                    member,ticket,at,type,status,via,topic,order,mood
                    M1,T-1,2024-05-05T09:00:00Z,complaint,open,Phone,delivery,A-1,negative
                    M1,T-1,2024-05-06T09:00:00Z,complaint,resolved,,,,0.4
                    M1,T-2,2024-05-07T09:00:00Z,Complaint,pending,email,quality,,
                    M2,T-3,2024-05-07T09:00:00Z,question,closed,chat,,,4 of 5
                    M2,T-4,2024-05-08T09:00:00Z,complaint,maybe,chat,,,
                    M2,T-5,2024-05-08T09:00:00Z,compliment-ish,open,chat,,,
                    M2,T-6,not a time,complaint,open,chat,,,
                    M3,T-7,2024-05-09T09:00:00Z,complaint,open,store,,,
                    """);
        }

        @Test
        void viewsAreReKeyedToPeopleAndRepeatsAcrossSourcesAreMergedOnce() throws IOException {
            files();
            List<ProductView> views = new ArrayList<>();
            MultiSourceImport.Result result = run(CONFIG, new ArrayList<>(), views);

            ImportReport web = result.reports().get("web");
            assertEquals(7, web.rowsRead());
            assertEquals(3, web.rowsAccepted(), "SOCKS, HAT, and w9's HAT");
            assertEquals(1, web.rowsMerged(), "line 3 repeats line 2");
            assertEquals(1, web.rejected(RejectReason.MISSING_CUSTOMER_ID));
            assertEquals(1, web.rejected(RejectReason.UNPARSABLE_DATE));
            assertEquals(1, web.rejected(RejectReason.INVALID_VALUE), "a negative dwell");
            assertEquals(web.rowsAccepted() + web.rowsMerged(), web.views());
            assertTrue(web.samples().stream().anyMatch(s -> s.line() == 8 && s.detail().contains("\"-4\"")), web.samples().toString());

            ImportReport app = result.reports().get("app");
            assertEquals(3, app.rowsRead());
            assertEquals(1, app.rowsMerged(), "M1 is w1: the app's SOCKS view at 10:00 is the web's");
            assertEquals(1, app.rowsAccepted());
            assertEquals(1, app.rowsRejected(), "an empty sku");

            assertEquals(4, views.size());
            ProductView socks = views.get(0);
            assertEquals("members:M1", socks.customerId(), "web account w1 is linked to member M1");
            assertEquals(Duration.ofMillis(12_500), socks.dwell(), "decimal comma seconds");
            assertEquals(Duration.ZERO, views.get(1).dwell(), "no dwell: zero, as ProductView documents");
            assertEquals("web:w9", views.get(2).customerId(), "an unknown account is a person of its own");
            assertEquals(Duration.ofMinutes(1), views.get(2).dwell());
        }

        @Test
        void interactionsMergePerTicketAndOpenComplaintsAreCountedPerPerson() throws IOException {
            files();
            MultiSourceImport.Result result = run(CONFIG, new ArrayList<>(), new ArrayList<>());

            ImportReport desk = result.reports().get("desk");
            assertEquals(8, desk.rowsRead());
            assertEquals(1, desk.rowsMerged(), "T-1's second row is an update of T-1");
            assertEquals(5, desk.rowsAccepted());
            assertEquals(1, desk.rejected(RejectReason.UNKNOWN_KIND));
            assertEquals(1, desk.rejected(RejectReason.UNPARSABLE_DATE));
            assertEquals(1, desk.fieldRejected("status"), "'maybe' is dropped, the complaint kept");
            assertEquals(1, desk.fieldRejected("sentiment"), "'4 of 5' is no scale we guess at");
            assertEquals(java.util.Set.of(5L, 6L), desk.fieldSamples().stream().map(RowRejection::line)
                    .collect(java.util.stream.Collectors.toSet()));
            assertEquals(desk.rowsRead(), desk.rowsAccepted() + desk.rowsMerged() + desk.rowsRejected());

            ServiceInteraction t1 = result.interactionsOf("members:M1").get(0);
            assertEquals("desk:T-1", t1.id());
            assertEquals(Instant.parse("2024-05-05T09:00:00Z"), t1.at(), "opened at the first row");
            assertEquals(Optional.of(ServiceInteraction.Status.CLOSED), t1.status(), "the newest row says resolved");
            assertEquals(Optional.of("phone"), t1.channel());
            assertEquals(Optional.of(ServiceInteraction.Sentiment.POSITIVE), t1.sentiment(), "the latest rating, by its sign");
            assertEquals(Optional.of("shop:A-1"), t1.orderId(), "scoped like the shop's order ids");

            assertEquals(Map.of("members:M1", 1, "members:M3", 1), result.openComplaints(),
                    "T-2 pending; T-4 has no status and is not counted; M3 has no profile row but is keyed as a member");
            assertEquals(0, result.openComplaints("members:M2"));
            assertEquals(5, result.interactions().size());
        }

        @Test
        void theSameTicketsReadInAnotherOrderGiveTheSameInteractions() throws IOException {
            files();
            MultiSourceImport.Result forward = run(CONFIG, new ArrayList<>(), new ArrayList<>());
            List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("tickets.csv")));
            List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
            java.util.Collections.reverse(body);
            body.add(0, lines.get(0));
            Files.write(dir.resolve("tickets.csv"), body);
            MultiSourceImport.Result backward = run(CONFIG, new ArrayList<>(), new ArrayList<>());
            assertEquals(forward.interactions(), backward.interactions());
        }

        @Test
        void aTicketEscalatedFromInquiryToComplaintIsAnOpenComplaintWhateverTheRowOrder() throws IOException {
            files();
            String header = "member,ticket,at,type,status,via,topic,order,mood\n";
            String asked = "M1,T-1,2024-05-05T09:00:00Z,inquiry,open,,,,\n";
            String escalated = "M1,T-1,2024-05-06T09:00:00Z,complaint,pending,,,,\n";
            String calmedDown = "M2,T-3,2024-05-05T09:00:00Z,complaint,open,,,,\nM2,T-3,2024-05-06T09:00:00Z,inquiry,open,,,,\n";
            for (String body : List.of(asked + escalated + calmedDown, escalated + asked + calmedDown)) {
                write("tickets.csv", header + body);
                MultiSourceImport.Result result = run(CONFIG, new ArrayList<>(), new ArrayList<>());
                ServiceInteraction t1 = result.interactionsOf("members:M1").get(0);
                assertEquals(ServiceInteraction.Type.COMPLAINT, t1.type(), "the latest row's type: " + body);
                assertEquals(Instant.parse("2024-05-05T09:00:00Z"), t1.at(), "still opened at the first row");
                assertEquals(1, result.openComplaints("members:M1"), body);
                assertEquals(ServiceInteraction.Type.INQUIRY, result.interactionsOf("members:M2").get(0).type(),
                        "re-classified as an inquiry later: the latest row wins");
                assertEquals(0, result.openComplaints("members:M2"), body);
            }
        }

        @Test
        void rowsOfOneTicketAtTheSameInstantAreAComplaintIfEitherSaysSo() throws IOException {
            files();
            String header = "member,ticket,at,type,status,via,topic,order,mood\n";
            String a = "M1,T-1,2024-05-05T09:00:00Z,inquiry,open,,,,\n";
            String b = "M1,T-1,2024-05-05T09:00:00Z,complaint,open,,,,\n";
            for (String body : List.of(a + b, b + a)) {
                write("tickets.csv", header + body);
                MultiSourceImport.Result result = run(CONFIG, new ArrayList<>(), new ArrayList<>());
                assertEquals(ServiceInteraction.Type.COMPLAINT, result.interactionsOf("members:M1").get(0).type(), body);
                assertEquals(1, result.openComplaints("members:M1"), body);
            }
        }

        @Test
        void aTicketNumberSeenForAnotherPersonIsRejectedNotMerged() throws IOException {
            files();
            write("tickets.csv", """
                    member,ticket,at,type,status,via,topic,order,mood
                    M1,T-1,2024-05-05T09:00:00Z,complaint,open,,,,
                    M2,T-1,2024-05-06T09:00:00Z,complaint,closed,,,,
                    """);
            MultiSourceImport.Result result = run(CONFIG, new ArrayList<>(), new ArrayList<>());
            ImportReport desk = result.reports().get("desk");
            assertEquals(1, desk.rejected(RejectReason.INVALID_VALUE));
            assertTrue(desk.samples().get(0).detail().contains("belongs to members:M1 (line 2), not members:M2"),
                    desk.samples().get(0).detail());
            assertEquals(1, result.openComplaints("members:M1"), "M2's row did not close M1's complaint");
        }

        @Test
        void aSourceWithoutATypeColumnIsAConfigurationError() {
            io.recall.config.ConfigException e = assertThrows(io.recall.config.ConfigException.class, () -> ImportConfig.fromJson("""
                    {"sources": [{"name": "desk", "kind": "interactions", "file": "t.csv", "orderIdsFrom": "nowhere",
                      "columns": {"customerId": "c", "at": "t", "mood": "m"}}]}""", dir));
            List<String> paths = e.problems().stream().map(io.recall.config.ConfigProblem::path).toList();
            assertTrue(paths.containsAll(List.of("$.sources[0].columns.type", "$.sources[0].columns.mood",
                    "$.sources[0].orderIdsFrom")), paths.toString());
        }
    }

    @Nested
    class Consents {

        static final String CONFIG = """
                {"sources": [
                  {"name": "web", "kind": "profiles", "file": "web.csv",
                   "columns": {"id": "account", "email": "mail", "observedAt": "updated"},
                   "consents": {"email": {"status": "newsletter", "at": "newsletter_at"}, "sms": {"status": "sms"}}},
                  {"name": "stores", "kind": "profiles", "file": "stores.jsonl", "format": "jsonl",
                   "columns": {"id": "member", "email": "email", "observedAt": "seen"},
                   "consents": {"email": {"status": "email_ok", "at": "email_ok_at"}, "phone": {"status": "call_ok"}}}],
                 "identity": {"sourcePriority": ["web", "stores"]}}
                """;

        @Test
        void theNewestStatementPerChannelWinsWhateverTheSourcePriorityWithProvenance() throws IOException {
            write("web.csv", """
                    account,mail,updated,newsletter,newsletter_at,sms
                    w1,jana@example.de,2024-06-01T00:00:00Z,yes,2024-03-01T12:00:00Z,opt-out
                    w2,ole@example.de,2024-06-01T00:00:00Z,perhaps,,1
                    """);
            write("stores.jsonl", """
                    {"member": "M1", "email": "JANA@example.de ", "seen": "2024-05-01T00:00:00Z", "email_ok": "no", "email_ok_at": "2024-04-15T08:00:00Z", "call_ok": true}
                    {"member": "M2", "email": "ole@example.de", "seen": "2024-05-01T00:00:00Z", "email_ok": "yes", "email_ok_at": "last week"}
                    """);
            MultiSourceImport.Result result = run(CONFIG, new ArrayList<>(), new ArrayList<>());

            ResolvedCustomer jana = result.resolution().customers().stream()
                    .filter(c -> c.records().contains("web:w1")).findFirst().orElseThrow();
            Consent email = jana.consent(Channel.EMAIL).orElseThrow();
            assertFalse(email.granted(), "the store's withdrawal of 15 April is newer than the web grant of 1 March");
            assertEquals("stores", email.source());
            assertEquals(new FieldSource("stores", "M1", Instant.parse("2024-04-15T08:00:00Z")),
                    jana.provenance().get("consents.email"));
            assertFalse(jana.consent(Channel.SMS).orElseThrow().granted());
            assertEquals(Instant.parse("2024-06-01T00:00:00Z"), jana.consent(Channel.SMS).orElseThrow().at(),
                    "without a time column the statement dates from the row's observedAt");
            assertTrue(jana.consent(Channel.of("phone")).orElseThrow().granted(), "JSON true is a grant");
            assertEquals(java.util.Set.of("phone"), jana.consentedChannels());

            ResolvedCustomer ole = result.resolution().customers().stream()
                    .filter(c -> c.records().contains("web:w2")).findFirst().orElseThrow();
            assertTrue(ole.consent(Channel.EMAIL).isEmpty(), "'perhaps' and 'last week' state nothing");
            assertTrue(ole.consent(Channel.SMS).orElseThrow().granted());
            assertEquals(1, result.reports().get("web").fieldRejected("consents.email"));
            assertEquals(1, result.reports().get("stores").fieldRejected("consents.email"));
            assertEquals(2, result.reports().get("stores").rowsAccepted(), "both rows kept");
        }

        @Test
        void atTheSameInstantAWithdrawalWins() {
            Instant t = Instant.parse("2024-01-01T00:00:00Z");
            Consent grant = new Consent(Channel.EMAIL, true, t, "web", "w1");
            Consent withdrawal = new Consent(Channel.EMAIL, false, t, "stores", "M1");
            assertTrue(withdrawal.supersedes(grant));
            assertFalse(grant.supersedes(withdrawal));
        }

        @Test
        void consentsOnANonProfileSourceOrWithABadChannelAreConfigurationErrors() {
            io.recall.config.ConfigException e = assertThrows(io.recall.config.ConfigException.class, () -> ImportConfig.fromJson("""
                    {"sources": [
                      {"name": "web", "kind": "profiles", "file": "a.csv", "columns": {"id": "a"},
                       "consents": {"E-Mail": {"status": "x"}, "sms": {"when": "y"}}},
                      {"name": "shop", "kind": "views", "file": "b.csv", "consents": {},
                       "columns": {"customerId": "c", "sku": "s", "at": "t"}}]}""", dir));
            List<String> paths = e.problems().stream().map(io.recall.config.ConfigProblem::path).toList();
            assertTrue(paths.containsAll(List.of("$.sources[0].consents.E-Mail", "$.sources[0].consents.sms.status",
                    "$.sources[0].consents.sms.when", "$.sources[1].consents")), paths.toString());
        }
    }

    @Nested
    class NamesAndCountries {

        @Test
        void namesAreNormalisedCountriesMappedAndAnUnknownCountryDropsOnlyThatField() throws IOException {
            write("people.csv", """
                    id,name,country
                    p1,"  JANA   NOVÁK ",Czech Republic
                    p2,王 小明,中国
                    p3,Anne-Marie McDonald,GBR
                    p4,o'brien,Atlantis
                    p5,  ,
                    """);
            MultiSourceImport.Result result = run("""
                    {"sources": [{"name": "crm", "kind": "profiles", "file": "people.csv", "titleCaseNames": true,
                      "columns": {"id": "id", "name": "name", "country": "country"}}]}""", new ArrayList<>(), new ArrayList<>());
            ImportReport crm = result.reports().get("crm");
            assertEquals(5, crm.rowsAccepted(), "no row is lost for a country");
            assertEquals(1, crm.fieldRejected("country"));
            assertEquals(5, crm.fieldSamples().get(0).line());
            assertTrue(crm.fieldSamples().get(0).detail().contains("\"Atlantis\""));
            Map<String, io.recall.model.CustomerProfile> byId = new java.util.HashMap<>();
            result.resolution().customers().forEach(c -> byId.put(c.id(), c.profile()));
            assertEquals(Optional.of("Jana Novák"), byId.get("crm:p1").name());
            assertEquals(Optional.of("CZ"), byId.get("crm:p1").country());
            assertEquals(Optional.of("王 小明"), byId.get("crm:p2").name());
            assertEquals(Optional.of("CN"), byId.get("crm:p2").country());
            assertEquals(Optional.of("Anne-Marie McDonald"), byId.get("crm:p3").name(), "mixed case is left alone");
            assertEquals(Optional.of("GB"), byId.get("crm:p3").country());
            assertEquals(Optional.of("O'Brien"), byId.get("crm:p4").name());
            assertTrue(byId.get("crm:p4").country().isEmpty());
            assertTrue(byId.get("crm:p5").name().isEmpty(), "white space is no name");
        }
    }

    @Nested
    class RefundsAcrossSources {

        static final String CONFIG = """
                {"sources": [
                  {"name": "accounts", "kind": "profiles", "file": "accounts.csv", "columns": {"id": "c"}},
                  {"name": "web", "kind": "orders", "file": "web.csv", "currency": "EUR", "customersFrom": "accounts",
                   "columns": {"customerId": "c", "orderId": "o", "at": "t", "amount": "a", "kind": "k", "refundId": "r"}},
                  {"name": "till", "kind": "orders", "file": "till.csv", "currency": "EUR", "orderIdsFrom": "web",
                   "customersFrom": "accounts",
                   "columns": {"customerId": "c", "orderId": "o", "at": "t", "amount": "a", "kind": "k", "refundId": "r"}}]}
                """;

        private RfmMetrics metrics(List<OrderEvent> events) {
            RfmAggregator aggregator = RfmAggregator.create(RfmOptions.of(Money.currency("EUR")));
            events.forEach(OrderImporter.toAggregator(aggregator));
            return aggregator.metrics(LocalDate.of(2024, 6, 30)).get(0);
        }

        @org.junit.jupiter.api.BeforeEach
        void accounts() throws IOException {
            write("accounts.csv", "c\nw1\n");
        }

        @Test
        void aRefundReportedByTwoSourcesIsSubtractedOnce() throws IOException {
            write("web.csv", """
                    c,o,t,a,k,r
                    w1,A-1,2024-05-01T10:00:00Z,50.00,purchase,
                    w1,A-1,2024-05-03T10:00:00Z,20.00,refund,RF-1
                    w1,A-1,2024-05-04T10:00:00Z,5.00,refund,
                    """);
            write("till.csv", """
                    c,o,t,a,k,r
                    w1,A-1,2024-05-01T10:00:00Z,50.00,purchase,
                    w1,A-1,2024-05-03T11:30:00Z,20.00,return,RF-1
                    w1,A-1,2024-05-04T10:00:00Z,5.0,refund,
                    w1,A-1,2024-05-05T10:00:00Z,1.00,refund,
                    """);
            List<OrderEvent> events = new ArrayList<>();
            MultiSourceImport.Result result = run(CONFIG, events, new ArrayList<>());
            ImportReport till = result.reports().get("till");
            assertEquals(3, till.rowsMerged(), "the order, refund RF-1, and the numberless refund whose every fact agrees");
            assertEquals(1, till.rowsAccepted(), "a refund only the till knows");
            assertEquals(3, till.refundLines());
            assertEquals(Money.of("24.00", "EUR"), metrics(events).monetary(), "50 - 20 - 5 - 1, each once");
        }

        @Test
        void sourcesWithTheirOwnNumbersNeverMergeRefunds() throws IOException {
            write("web.csv", """
                    c,o,t,a,k,r
                    w1,A-1,2024-05-01T10:00:00Z,50.00,purchase,
                    w1,A-1,2024-05-03T10:00:00Z,20.00,refund,RF-1
                    """);
            write("till.csv", """
                    c,o,t,a,k,r
                    w1,B-1,2024-05-01T10:00:00Z,30.00,purchase,
                    w1,B-1,2024-05-03T10:00:00Z,10.00,refund,RF-1
                    """);
            List<OrderEvent> events = new ArrayList<>();
            MultiSourceImport.Result result = run(CONFIG.replace("\"orderIdsFrom\": \"web\",", ""), events, new ArrayList<>());
            assertEquals(0, result.reports().get("till").rowsMerged(), "the till's RF-1 is its own refund");
            assertEquals(Money.of("50.00", "EUR"), metrics(events).monetary(), "50 + 30 - 20 - 10");
        }
    }

    @Nested
    class BadEncoding {

        private static final String CONFIG = """
                {"sources": [
                  {"name": "desk", "kind": "profiles", "file": "desk.csv", "columns": {"id": "id", "name": "name"}},
                  {"name": "app", "kind": "views", "file": "app.jsonl", "format": "jsonl",
                   "columns": {"customerId": "c", "sku": "s", "at": "t"}}]}
                """;

        private void bytes(String file, String before, byte[] bad, String after) throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bad);
            out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
            Files.write(dir.resolve(file), out.toByteArray());
        }

        @Test
        void invalidUtf8InAMappedCsvNamesTheSourceThePhysicalLineAndTheByte() throws IOException {
            // Line 3 is a quoted name spanning two physical lines; the bad byte is on physical line 5.
            bytes("desk.csv", "id,name\np1,Jana\np2,\"Ole\nBerg\"\np3,Bj", new byte[]{(byte) 0xF6}, "rn\np4,Kim\n");
            write("app.jsonl", "");
            ImportConfig config = ImportConfig.fromJson(CONFIG, dir);
            ImportException e = assertThrows(ImportException.class,
                    () -> MultiSourceImport.of(config, config.identity(), CLOCK).run(x -> { }));
            assertEquals(5, e.line());
            assertTrue(e.getMessage().startsWith("line 5: desk: ") && e.getMessage().contains("0xF6"), e.getMessage());
        }

        @Test
        void invalidUtf8InAMappedJsonLinesFileNamesTheSourceThePhysicalLineAndTheByte() throws IOException {
            write("desk.csv", "id,name\np1,Jana\n");
            bytes("app.jsonl", "{\"c\": \"p1\", \"s\": \"HAT\", \"t\": \"2024-05-01\"}\n\n{\"c\": \"p1\", \"s\": \"",
                    new byte[]{(byte) 0xC3, (byte) 0x28}, "\", \"t\": \"2024-05-02\"}\n");
            ImportConfig config = ImportConfig.fromJson(CONFIG, dir);
            List<ProductView> views = new ArrayList<>();
            ImportException e = assertThrows(ImportException.class,
                    () -> MultiSourceImport.of(config, config.identity(), CLOCK).run(x -> { }, views::add));
            assertEquals(3, e.line(), "blank line 2 still counts as a physical line");
            assertTrue(e.getMessage().contains("app:") && e.getMessage().contains("0x28"), e.getMessage());
            // Nothing is passed off as a complete import: the run stops, the caller gets no result to trust.
            assertTrue(views.size() <= 1, "at most the row before the bad line; never a row after it: " + views);
        }
    }
}
