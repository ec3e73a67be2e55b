package io.recall.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.examples.phone.LibPhoneNumberNormalizer;
import io.recall.identity.ContactRejection;
import io.recall.identity.IdentityRules;
import io.recall.identity.PhoneNormalizer;
import io.recall.identity.ResolvedCustomer;
import io.recall.ingest.GenericCsvWriter;
import io.recall.ingest.ImportConfig;
import io.recall.ingest.ImportReport;
import io.recall.ingest.MultiSourceImport;
import io.recall.ingest.RowRejection;
import io.recall.model.Consent;
import io.recall.model.CustomerProfile;
import io.recall.model.ServiceInteraction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import static io.recall.examples.cli.CsvCells.csv;

/**
 * {@code recall import}: several sources in, one customer base out. Writes the merged orders as a generic
 * CSV ({@code recall segment --format generic} reads it), the resolved people as {@code customers.csv}, product
 * views as {@code views.csv}, service interactions as {@code interactions.csv} and the consent in force per person
 * and channel as {@code consents.csv}, all keyed by person.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import several sources, merge the records of one person, and account for every row.")
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "sources.json", description = "The sources and match rules.")
    Path config;

    @Option(names = "--output-dir", defaultValue = "recall-import", paramLabel = "DIR",
            description = "Where orders.csv, customers.csv, consents.csv, views.csv and interactions.csv go (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the reconciliation as JSON.")
    Path summaryJson;

    @Option(names = "--phones", defaultValue = "strict", paramLabel = "HOW",
            description = "strict (assigned ranges), lenient (plausible length) or e164 (only +… numbers; default: ${DEFAULT-VALUE}).")
    String phones;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private long viewsWritten;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws IOException {
        PhoneNormalizer normalizer = switch (phones.toLowerCase(Locale.ROOT)) {
            case "strict" -> LibPhoneNumberNormalizer.strict();
            case "lenient" -> LibPhoneNumberNormalizer.lenient();
            case "e164" -> PhoneNormalizer.E164_ONLY;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--phones must be strict, lenient or e164 but was '" + phones + "'");
        };
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("configuration not found: " + config.toAbsolutePath());
        }
        Path base = config.toAbsolutePath().getParent();
        ImportConfig importConfig = ImportConfig.fromJson(Files.readString(config, StandardCharsets.UTF_8), base);
        IdentityRules identity = importConfig.identity().withPhones(normalizer, importConfig.identity().defaultRegion());
        Files.createDirectories(outputDir);
        MultiSourceImport.Result result;
        try (Writer writer = Files.newBufferedWriter(outputDir.resolve("orders.csv"), StandardCharsets.UTF_8);
             GenericCsvWriter orders = GenericCsvWriter.to(writer);
             Writer views = Files.newBufferedWriter(outputDir.resolve("views.csv"), StandardCharsets.UTF_8)) {
            views.write("customer_id,sku,viewed_at,dwell_seconds\n");
            long[] viewCount = {0};
            result = MultiSourceImport.of(importConfig, identity, Clock.systemUTC()).run(event -> {
                try {
                    orders.write(event);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, view -> {
                try {
                    views.write(String.join(",", csv(view.customerId()), csv(view.sku()), view.at().toString(),
                            new java.math.BigDecimal(view.dwell().toNanos()).movePointLeft(9).stripTrailingZeros()
                                    .toPlainString()) + "\n");
                    viewCount[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            viewsWritten = viewCount[0];
        }
        writeCustomers(result);
        writeInteractions(result);
        PrintWriter out = spec.commandLine().getOut();
        long read = 0;
        long accepted = 0;
        long merged = 0;
        long rejected = 0;
        for (Map.Entry<String, ImportReport> e : result.reports().entrySet()) {
            ImportReport r = e.getValue();
            out.printf("%-16s read %,9d  accepted %,9d  merged %,7d  rejected %,7d%n", e.getKey(), r.rowsRead(),
                    r.rowsAccepted(), r.rowsMerged(), r.rowsRejected());
            r.rejectedByReason().forEach((reason, n) -> out.printf("%18s rejected %-24s %,d%n", "", reason.code(), n));
            read += r.rowsRead();
            accepted += r.rowsAccepted();
            merged += r.rowsMerged();
            rejected += r.rowsRejected();
        }
        out.printf("%-16s read %,9d = accepted %,d + merged %,d + rejected %,d%n", "all sources", read, accepted, merged,
                rejected);
        out.printf("people %,d from %,d profile records; %,d contact values not used%n", result.resolution().customers().size(),
                result.resolution().customers().stream().mapToInt(c -> c.records().size()).sum(),
                result.resolution().rejections().size());
        long fields = result.reports().values().stream().mapToLong(r -> r.fieldsRejected().values().stream()
                .mapToLong(Long::longValue).sum()).sum();
        if (fields > 0) {
            out.printf("values dropped from kept rows: %,d (see fieldsRejected)%n", fields);
        }
        if (viewsWritten > 0 || !result.interactions().isEmpty()) {
            out.printf("views %,d; interactions %,d; open complaints %,d%n", viewsWritten, result.interactions().size(),
                    result.openComplaints().values().stream().mapToInt(Integer::intValue).sum());
        }
        out.printf("wrote orders.csv, customers.csv, consents.csv, views.csv and interactions.csv to %s%n", outputDir);
        out.flush();
        if (summaryJson != null) {
            writeSummary(result, read, accepted, merged, rejected);
        }
        return 0;
    }

    private void writeCustomers(MultiSourceImport.Result result) throws IOException {
        try (Writer w = Files.newBufferedWriter(outputDir.resolve("customers.csv"), StandardCharsets.UTF_8)) {
            // New columns go at the end, so readers of the first eight keep working.
            w.write("customer_id,name,emails,phones,member_id,member_tier,records,aliases,country,open_complaints\n");
            Map<String, Integer> open = result.openComplaints();
            for (ResolvedCustomer c : result.resolution().customers()) {
                CustomerProfile p = c.profile();
                w.write(String.join(",", csv(c.id()), CsvCells.text(p.name().orElse("")), csv(String.join(" ", p.emails())),
                        csv(String.join(" ", p.phones())), csv(p.memberId().orElse("")), csv(p.memberTier().orElse("")),
                        csv(String.join(" ", c.records())), csv(String.join(" ", c.aliases())), p.country().orElse(""),
                        String.valueOf(open.getOrDefault(c.id(), 0))) + "\n");
            }
        }
        try (Writer w = Files.newBufferedWriter(outputDir.resolve("consents.csv"), StandardCharsets.UTF_8)) {
            w.write("customer_id,channel,status,at,source,record_id\n");
            for (ResolvedCustomer c : result.resolution().customers()) {
                for (Consent x : c.consents()) {
                    w.write(String.join(",", csv(c.id()), x.channel().id(), x.granted() ? "granted" : "withdrawn",
                            x.at().toString(), csv(x.source()), csv(x.recordId())) + "\n");
                }
            }
        }
    }

    private void writeInteractions(MultiSourceImport.Result result) throws IOException {
        try (Writer w = Files.newBufferedWriter(outputDir.resolve("interactions.csv"), StandardCharsets.UTF_8)) {
            w.write("customer_id,interaction_id,type,at,channel,status,category,order_id,source,sentiment\n");
            for (ServiceInteraction i : result.interactions()) {
                w.write(String.join(",", csv(i.customerId()), csv(i.id()), i.type().name().toLowerCase(Locale.ROOT),
                        i.at().toString(), csv(i.channel().orElse("")),
                        i.status().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse(""), CsvCells.text(i.category().orElse("")),
                        csv(i.orderId().orElse("")), csv(i.source()),
                        i.sentiment().map(x -> x.name().toLowerCase(Locale.ROOT)).orElse("")) + "\n");
            }
        }
    }

    private void writeSummary(MultiSourceImport.Result result, long read, long accepted, long merged, long rejected)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("rowsRead", read);
        root.put("rowsAccepted", accepted);
        root.put("rowsMerged", merged);
        root.put("rowsRejected", rejected);
        root.put("customers", result.resolution().customers().size());
        root.put("views", viewsWritten);
        root.put("interactions", result.interactions().size());
        root.put("openComplaints", result.openComplaints().values().stream().mapToInt(Integer::intValue).sum());
        ObjectNode sources = root.putObject("sources");
        result.reports().forEach((name, r) -> {
            ObjectNode s = sources.putObject(name);
            s.put("rowsRead", r.rowsRead());
            s.put("rowsAccepted", r.rowsAccepted());
            s.put("rowsMerged", r.rowsMerged());
            s.put("rowsRejected", r.rowsRejected());
            ObjectNode reasons = s.putObject("rejectedByReason");
            r.rejectedByReason().forEach((reason, n) -> reasons.put(reason.code(), n));
            ArrayNode samples = s.putArray("rejectedSamples");
            for (RowRejection x : r.samples()) {
                samples.addObject().put("line", x.line()).put("reason", x.reason().code()).put("detail", x.detail());
            }
            ObjectNode fields = s.putObject("fieldsRejected");
            r.fieldsRejected().forEach(fields::put);
            ArrayNode fieldSamples = s.putArray("fieldSamples");
            for (RowRejection x : r.fieldSamples()) {
                fieldSamples.addObject().put("line", x.line()).put("detail", x.detail());
            }
        });
        Map<String, Long> contacts = result.resolution().rejections().stream()
                .collect(Collectors.groupingBy(ContactRejection::reason, TreeMap::new, Collectors.counting()));
        ObjectNode unused = root.putObject("contactsNotUsed");
        contacts.forEach(unused::put);
        Files.writeString(summaryJson, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }
}
