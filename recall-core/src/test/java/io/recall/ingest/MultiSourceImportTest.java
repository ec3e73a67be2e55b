package io.recall.ingest;

import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import io.recall.identity.ResolvedCustomer;
import io.recall.model.Money;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiSourceImportTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-07-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static final String CONFIG = """
            {"sources": [
              {"name": "online", "kind": "orders", "file": "web.csv", "delimiter": ";", "decimalSeparator": ",",
               "dateFormat": "dd.MM.yyyy HH:mm", "zone": "Europe/Berlin", "currency": "EUR",
               "columns": {"customerId": "Kunde", "orderId": "Bestellung", "at": "Zeit", "sku": "Artikel",
                           "quantity": "Menge", "unitPrice": "Preis"}},
              {"name": "stores", "kind": "orders", "file": "pos.csv", "currency": "EUR", "customersFrom": "members",
               "orderIdsFrom": "online",
               "columns": {"customerId": "member", "orderId": "receipt", "at": "at", "amount": "total"}},
              {"name": "members", "kind": "profiles", "file": "members.jsonl", "format": "jsonl",
               "columns": {"id": "member_no", "phone": "mobile", "memberId": "member_no", "name": "name",
                           "gender": "g", "linkedId": "web_account"}},
              {"name": "desk", "kind": "profiles", "file": "desk.csv",
               "columns": {"id": "ticket", "email": "mail", "phone": "phone"}}],
             "identity": {"sourcePriority": ["members", "desk"], "blocklist": ["+49 30 1234567"]}}
            """;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("web.csv"), """
                Kunde;Bestellung;Zeit;Artikel;Menge;Preis
                w1;A-1;03.05.2024 10:15;SOCKS;2;4,50
                w1;A-2;04.05.2024 11:00;HAT;1;19,90
                w2;A-3;05.05.2024 12:00;SOCKS;1;4,50
                w2;A-4;31.02.2024 12:00;SOCKS;1;4,50
                """);
        Files.writeString(dir.resolve("pos.csv"), """
                member,receipt,at,total
                M1,A-2,2024-05-04T09:00:00Z,19.90
                M1,R-7,2024-06-01T15:00:00Z,30.00
                M9,R-8,2024-06-02T15:00:00Z,12.00
                """);
        Files.writeString(dir.resolve("members.jsonl"), """
                {"member_no": "M1", "mobile": "+49 151 2345678", "name": "Jana", "g": "f", "web_account": "online:w1"}
                {"member_no": "M9", "mobile": "+49 30 1234567", "name": "Walk-in"}
                {"member_no": "M5", "g": "sometimes"}
                {not json
                """);
        Files.writeString(dir.resolve("desk.csv"), """
                ticket,mail,phone
                T-1,jana@example.de,+491512345678
                T-2,,+49 30 1234567
                """);
    }

    @Test
    void threeSourcesBecomeOneCustomerBaseWithEveryRowAccountedFor() throws IOException {
        ImportConfig config = ImportConfig.fromJson(CONFIG, dir);
        List<OrderEvent> events = new ArrayList<>();
        MultiSourceImport.Result result = MultiSourceImport.of(config, config.identity(), CLOCK).run(events::add);

        ImportReport web = result.reports().get("online");
        assertEquals(4, web.rowsRead());
        assertEquals(3, web.rowsAccepted());
        assertEquals(1, web.rejected(RejectReason.UNPARSABLE_DATE), "31 February");
        assertEquals(5, web.samples().get(0).line(), "the physical line, header = 1");

        ImportReport pos = result.reports().get("stores");
        assertEquals(3, pos.rowsRead());
        assertEquals(1, pos.rowsMerged(), "order A-2 came from the web shop already: one order, not two");

        ImportReport members = result.reports().get("members");
        assertEquals(4, members.rowsRead());
        assertEquals(1, members.rejected(RejectReason.INVALID_VALUE), "gender 'sometimes'");
        assertEquals(1, members.rejected(RejectReason.MALFORMED_ROW), "line 4 is not JSON");

        // Jana: web account w1, member M1 (linked), desk ticket T-1 (same mobile): one person.
        ResolvedCustomer jana = result.resolution().customers().stream()
                .filter(c -> c.records().contains("online:w1") || c.records().contains("members:M1")).findFirst().orElseThrow();
        assertEquals(List.of("desk:T-1", "members:M1"), jana.records(),
                "online:w1 has no profile row; its orders are re-keyed through the link");
        assertEquals("members:M1", jana.id());
        assertEquals("Jana", jana.profile().name().orElseThrow());
        // The walk-in till phone merged nobody.
        assertTrue(result.resolution().rejections().stream().anyMatch(r -> r.reason().contains("blocklist")));

        RfmAggregator aggregator = RfmAggregator.create(RfmOptions.of(Money.currency("EUR")));
        events.forEach(OrderImporter.toAggregator(aggregator));
        RfmMetrics janaMetrics = aggregator.metrics(LocalDate.of(2024, 6, 30)).stream()
                .filter(m -> m.customerId().equals("members:M1")).findFirst().orElseThrow();
        assertEquals(3, janaMetrics.frequency(), "A-1, A-2 (once) and R-7");
        assertEquals(Money.of("58.90", "EUR"), janaMetrics.monetary());
    }

    @Test
    void progressCoversEverySourceAndEndsAtTheirTotalSizeAndRowCount() throws IOException {
        ImportConfig config = ImportConfig.fromJson(CONFIG, dir);
        long totalBytes = 0;
        for (String file : List.of("web.csv", "pos.csv", "members.jsonl", "desk.csv")) {
            totalBytes += Files.size(dir.resolve(file));
        }
        List<long[]> calls = new ArrayList<>();
        MultiSourceImport.Result result = MultiSourceImport.of(config, config.identity(), CLOCK)
                .run(event -> { }, view -> { }, (bytes, total, rows) -> calls.add(new long[] {bytes, total, rows}));

        assertEquals(4, calls.size(), "once at the end of each source file (fewer rows than a progress step)");
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0] && calls.get(i)[2] >= calls.get(i - 1)[2], "never goes back");
        }
        long[] last = calls.get(calls.size() - 1);
        assertEquals(totalBytes, last[1]);
        assertEquals(totalBytes, last[0], "every byte of every source was read");
        long rowsRead = result.reports().values().stream().mapToLong(ImportReport::rowsRead).sum();
        assertEquals(rowsRead, last[2], "the rows of the reports, malformed ones included");
    }

    @Test
    void orderLinesTakeTheirCategoryFromTheCatalogueUnlessTheyStateOne() throws IOException {
        Files.writeString(dir.resolve("catalogue.csv"), """
                sku,dept
                SOCKS,Clothing
                HAT,Accessories
                SOCKS,Clothing
                HAT,Clothing
                ,Food
                SCARF,
                """);
        Files.writeString(dir.resolve("till.csv"), """
                member,receipt,at,sku,total,cat
                M1,R-1,2024-06-01T15:00:00Z,SOCKS,4.50,
                M1,R-1,2024-06-01T15:00:00Z,HAT,19.90,Sale
                M1,R-2,2024-06-02T15:00:00Z,SCARF,9.00,
                M1,R-3,2024-06-03T15:00:00Z,GLOVES,7.00,
                """);
        ImportConfig config = ImportConfig.fromJson("""
                {"sources": [
                  {"name": "till", "kind": "orders", "file": "till.csv", "currency": "EUR",
                   "columns": {"customerId": "member", "orderId": "receipt", "at": "at", "sku": "sku",
                               "amount": "total", "category": "cat"}},
                  {"name": "catalogue", "kind": "products", "file": "catalogue.csv",
                   "columns": {"sku": "sku", "category": "dept"}}]}
                """, dir);
        List<OrderEvent> events = new ArrayList<>();
        MultiSourceImport.Result result = MultiSourceImport.of(config, config.identity(), CLOCK).run(events::add);

        ImportReport catalogue = result.reports().get("catalogue");
        assertEquals(6, catalogue.rowsRead());
        assertEquals(3, catalogue.rowsAccepted(), "SOCKS, HAT, SCARF");
        assertEquals(1, catalogue.rowsMerged(), "SOCKS again, in the same category");
        assertEquals(2, catalogue.rejected(RejectReason.INVALID_VALUE), "HAT contradicted, and a row without a sku");
        assertEquals(4, catalogue.products());
        assertTrue(catalogue.samples().stream().anyMatch(r -> r.line() == 5 && r.detail().contains("line 3")),
                () -> "the contradiction names the first statement: " + catalogue.samples());

        Map<String, Optional<String>> categories = new java.util.TreeMap<>();
        for (OrderEvent e : events) {
            OrderEvent.PurchaseLine p = (OrderEvent.PurchaseLine) e;
            categories.put(p.orderLine().sku(), p.orderLine().category());
        }
        assertEquals(Map.of("SOCKS", Optional.of("Clothing"), "HAT", Optional.of("Sale"), "SCARF", Optional.empty(),
                "GLOVES", Optional.empty()), categories, "a stated category wins; unknown or uncategorised stay empty");
    }

    @Test
    void aCatalogueNamesNoCustomersAndNoOrders() {
        ConfigException e = assertThrows(ConfigException.class, () -> ImportConfig.fromJson("""
                {"sources": [
                  {"name": "shop", "kind": "profiles", "file": "p.csv", "columns": {"id": "id"}},
                  {"name": "catalogue", "kind": "products", "file": "c.csv", "customersFrom": "shop",
                   "columns": {"sku": "sku", "customerId": "who"}}]}
                """, dir));
        List<String> paths = e.problems().stream().map(ConfigProblem::path).toList();
        assertTrue(paths.contains("$.sources[1].customersFrom"), paths::toString);
        assertTrue(paths.stream().anyMatch(p -> p.startsWith("$.sources[1].columns")), paths::toString);
    }

    @Test
    void sourcesThatNumberTheirOwnOrdersNeverMergeThem() throws IOException {
        // Without orderIdsFrom, the till's A-2 is its own order, not the web shop's A-2.
        ImportConfig config = ImportConfig.fromJson(CONFIG.replace("\"orderIdsFrom\": \"online\",", ""), dir);
        List<OrderEvent> events = new ArrayList<>();
        MultiSourceImport.Result result = MultiSourceImport.of(config, config.identity(), CLOCK).run(events::add);
        assertEquals(0, result.reports().get("stores").rowsMerged());
        RfmAggregator aggregator = RfmAggregator.create(RfmOptions.of(Money.currency("EUR")));
        events.forEach(OrderImporter.toAggregator(aggregator));
        RfmMetrics jana = aggregator.metrics(LocalDate.of(2024, 6, 30)).stream()
                .filter(m -> m.customerId().equals("members:M1")).findFirst().orElseThrow();
        assertEquals(4, jana.frequency(), "online:A-1, online:A-2, stores:A-2 and stores:R-7");
        assertEquals(Money.of("78.80", "EUR"), jana.monetary());
    }

    @Nested
    class ConfigErrors {
        private List<String> paths(String json) {
            ConfigException e = assertThrows(ConfigException.class, () -> ImportConfig.fromJson(json, Path.of(".")));
            return e.problems().stream().map(ConfigProblem::path).toList();
        }

        @Test
        void everyProblemHasItsJsonPath() {
            List<String> paths = paths("""
                    {"sources": [
                      {"name": "web", "kind": "orders", "file": "a.csv", "zone": "Mars/Base", "decimalSeparator": ";",
                       "columns": {"customerId": "c", "at": "t", "amount": "a", "colour": "x"}},
                      {"name": "web", "kind": "people", "file": "b.csv", "columns": {}},
                      {"name": "till", "kind": "orders", "file": "c.csv", "currency": "EUR", "orderIdsFrom": "till",
                       "columns": {"customerId": "c", "orderId": "o", "at": "t", "amount": "a"}}],
                     "identity": {"keys": ["email", "shoe size"], "sourcePriority": ["crm"]}}""");
            assertTrue(paths.containsAll(List.of("$.sources[0].columns.colour", "$.sources[0].columns.orderId",
                    "$.sources[0].zone", "$.sources[0].currency", "$.sources[0].decimalSeparator",
                    "$.sources[1].name", "$.sources[1].kind", "$.identity.keys[1]",
                    "$.identity.sourcePriority[0]", "$.sources[2].orderIdsFrom")), paths.toString());
        }

        @Test
        void aMappedColumnMissingFromTheFileNamesItAndTheLine() throws IOException {
            Files.writeString(dir.resolve("web.csv"), "Kunde;Zeit\nw1;03.05.2024 10:15\n");
            ImportConfig config = ImportConfig.fromJson(CONFIG, dir);
            ImportException e = assertThrows(ImportException.class,
                    () -> MultiSourceImport.of(config, config.identity(), CLOCK).run(event -> { }));
            assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("\"Bestellung\""), e.getMessage());
        }
    }
}
