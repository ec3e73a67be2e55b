package io.recall.ingest;

import io.recall.model.ProductView;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random sources of every kind, with good rows, bad rows (one defect each) and repeats within and across
 * sources: every row ends accepted, merged or rejected, per source and in total, and the same input gives the
 * same result twice.
 */
class MultiSourceReconciliationProperties {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-07-01T00:00:00Z"), ZoneOffset.UTC);

    private static final String CONFIG = """
            {"sources": [
              {"name": "members", "kind": "profiles", "file": "members.csv",
               "columns": {"id": "id", "email": "mail", "gender": "g", "country": "country"},
               "consents": {"email": {"status": "news"}}},
              {"name": "web", "kind": "orders", "file": "web.csv", "currency": "EUR", "customersFrom": "members",
               "columns": {"customerId": "c", "orderId": "o", "at": "t", "amount": "a", "kind": "k", "refundId": "r"}},
              {"name": "till", "kind": "orders", "file": "till.jsonl", "format": "jsonl", "currency": "EUR",
               "customersFrom": "members", "orderIdsFrom": "web",
               "columns": {"customerId": "c", "orderId": "o", "at": "t", "amount": "a", "kind": "k", "refundId": "r"}},
              {"name": "app", "kind": "views", "file": "app.jsonl", "format": "jsonl", "customersFrom": "members",
               "columns": {"customerId": "c", "sku": "s", "at": "t", "dwell": "d"}},
              {"name": "desk", "kind": "interactions", "file": "desk.csv", "customersFrom": "members",
               "columns": {"customerId": "c", "id": "ticket", "at": "t", "type": "type", "status": "status"}}]}
            """;

    /** A row: good when {@code defect} is 0, else one defect of its source's kind. */
    record Spec(int defect, int customer, int key, int day, int cents, boolean refund) {
        boolean good() {
            return defect == 0;
        }
    }

    @Provide
    Arbitrary<List<Spec>> rows() {
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.integers().between(0, 6).map(d -> d > 3 ? 0 : d), // most rows good
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 3000),
                Arbitraries.of(true, false, false)).as(Spec::new);
        return spec.list().ofMaxSize(25);
    }

    private static String members(List<Spec> specs) {
        StringBuilder csv = new StringBuilder("id,mail,g,country,news\n");
        for (Spec s : specs) {
            String gender = s.defect() == 1 ? "sometimes" : s.defect() == 3 ? "??" : "f";
            String id = s.defect() == 2 ? "" : "M" + s.customer();
            String country = s.cents() % 5 == 0 ? "Atlantis" : "DE"; // a dropped field, never a lost row
            String news = s.cents() % 3 == 0 ? "maybe" : s.refund() ? "yes" : "no";
            csv.append(id).append(",").append(s.key() % 2 == 0 ? " Shared@X.test" : "m" + s.key() + "@x.test")
                    .append(",").append(gender).append(",").append(country).append(",").append(news).append("\n");
        }
        return csv.toString();
    }

    private static String orderValue(Spec s, int field) {
        return switch (field) {
            case 0 -> s.defect() == 1 ? "" : "M" + s.customer();
            case 1 -> "O" + s.key();
            case 2 -> s.defect() == 2 ? "2024-02-30T10:00:00Z" : "2024-05-0" + s.day() + "T10:00:00Z";
            case 3 -> s.defect() == 3 ? "12,5" : String.format(java.util.Locale.ROOT, "%d.%02d", s.cents() / 100, s.cents() % 100);
            case 4 -> s.refund() ? "refund" : "purchase";
            default -> s.refund() ? "R" + s.key() : "";
        };
    }

    private static String webCsv(List<Spec> specs) {
        StringBuilder csv = new StringBuilder("c,o,t,a,k,r\n");
        for (Spec s : specs) {
            for (int f = 0; f < 6; f++) {
                csv.append(orderValue(s, f)).append(f < 5 ? "," : "\n");
            }
        }
        return csv.toString();
    }

    private static String tillJsonl(List<Spec> specs) {
        StringBuilder jsonl = new StringBuilder();
        String[] names = {"c", "o", "t", "a", "k", "r"};
        for (Spec s : specs) {
            jsonl.append("{");
            for (int f = 0; f < 6; f++) {
                jsonl.append('"').append(names[f]).append("\": \"").append(orderValue(s, f)).append('"').append(f < 5 ? ", " : "}\n");
            }
        }
        return jsonl.toString();
    }

    private static String appJsonl(List<Spec> specs) {
        StringBuilder jsonl = new StringBuilder();
        for (Spec s : specs) {
            String sku = s.defect() == 1 ? "" : "SKU" + s.key();
            String at = s.defect() == 2 ? "soon" : "2024-05-0" + s.day() + "T10:00:00Z";
            String dwell = s.defect() == 3 ? "-1" : String.valueOf(s.cents() % 90);
            jsonl.append("{\"c\": \"M").append(s.customer()).append("\", \"s\": \"").append(sku).append("\", \"t\": \"")
                    .append(at).append("\", \"d\": ").append(dwell).append("}\n");
        }
        return jsonl.toString();
    }

    private static String deskCsv(List<Spec> specs) {
        StringBuilder csv = new StringBuilder("c,ticket,t,type,status\n");
        for (Spec s : specs) {
            String type = s.defect() == 1 ? "rant" : s.refund() ? "complaint" : "inquiry";
            String at = s.defect() == 2 ? "2024-13-01" : "2024-05-0" + s.day() + "T10:00:00Z";
            String customer = s.defect() == 3 ? "" : "M" + s.customer();
            String status = s.cents() % 2 == 0 ? "open" : "closed";
            // A ticket belongs to one person (the same number for another person is a defect of its own).
            csv.append(customer).append(",T").append(s.customer()).append('-').append(s.key()).append(",").append(at).append(",").append(type)
                    .append(",").append(status).append("\n");
        }
        return csv.toString();
    }

    private record Outcome(Map<String, ImportReport> reports, List<String> events, List<String> views, String people,
                           String interactions) {
    }

    private static Outcome run(Path dir) throws IOException {
        ImportConfig config = ImportConfig.fromJson(CONFIG, dir);
        List<String> events = new ArrayList<>();
        List<String> views = new ArrayList<>();
        MultiSourceImport.Result result = MultiSourceImport.of(config, config.identity(), CLOCK)
                .run(e -> events.add(e.toString()), (ProductView v) -> views.add(v.toString()));
        return new Outcome(result.reports(), events, views, result.resolution().toString(), result.interactions().toString());
    }

    @Property(tries = 15)
    void everyRowOfEverySourceIsAccountedForAndTheImportIsRepeatable(
            @ForAll("rows") List<Spec> members, @ForAll("rows") List<Spec> web, @ForAll("rows") List<Spec> till,
            @ForAll("rows") List<Spec> app, @ForAll("rows") List<Spec> desk) throws IOException {
        Path dir = Files.createTempDirectory("recall-reconcile");
        try {
            Files.writeString(dir.resolve("members.csv"), members(members), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("web.csv"), webCsv(web), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("till.jsonl"), tillJsonl(till), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("app.jsonl"), appJsonl(app), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("desk.csv"), deskCsv(desk), StandardCharsets.UTF_8);
            Outcome first = run(dir);
            Map<String, List<Spec>> written = Map.of("members", members, "web", web, "till", till, "app", app, "desk", desk);
            long total = 0;
            long sum = 0;
            for (Map.Entry<String, List<Spec>> source : written.entrySet()) {
                ImportReport r = first.reports().get(source.getKey());
                List<Spec> rows = source.getValue();
                long good = rows.stream().filter(Spec::good).count();
                assertEquals(rows.size(), r.rowsRead(), source.getKey() + ": every written row is read");
                assertEquals(good, r.rowsAccepted() + r.rowsMerged(), source.getKey() + ": good rows kept");
                assertEquals(rows.size() - good, r.rowsRejected(), source.getKey() + ": each defect rejected");
                assertEquals(r.rowsRead(), r.rowsAccepted() + r.rowsMerged() + r.rowsRejected());
                total += r.rowsRead();
                sum += r.rowsAccepted() + r.rowsMerged() + r.rowsRejected();
            }
            assertEquals(total, sum);
            long orderRowsAccepted = first.reports().get("web").rowsAccepted() + first.reports().get("till").rowsAccepted();
            assertEquals(orderRowsAccepted, first.events().size(), "exactly the accepted order rows are handed on");
            assertEquals(first.reports().get("app").rowsAccepted(), first.views().size());
            assertEquals(first.reports().get("members").fieldsRejected().values().stream().mapToLong(Long::longValue).sum(),
                    members.stream().filter(Spec::good).filter(s -> s.cents() % 5 == 0).count()
                            + members.stream().filter(Spec::good).filter(s -> s.cents() % 3 == 0).count(),
                    "unknown countries and unreadable consents are dropped fields of kept rows");

            Outcome second = run(dir);
            assertEquals(first, second, "the same input gives the same result");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
