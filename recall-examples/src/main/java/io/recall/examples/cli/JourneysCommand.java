package io.recall.examples.cli;

import io.recall.campaign.Contact;
import io.recall.channels.DeliveryEvent;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.Reconciliation;
import io.recall.examples.phone.LibPhoneNumberNormalizer;
import io.recall.journey.AdvanceReport;
import io.recall.journey.Fact;
import io.recall.journey.Journey;
import io.recall.journey.JourneyRunner;
import io.recall.journey.JourneyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code recall journeys}: journey commands; {@code recall journeys advance} moves journeys to a moment. */
@Command(name = "journeys", mixinStandardHelpOptions = true, description = "Follow-up journeys.",
        subcommands = {JourneysCommand.Advance.class, CommandLine.HelpCommand.class})
final class JourneysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code recall journeys advance}: validates the journeys, records in the journey store what the database
     * knows (the SENT fact of every campaign message the record names and the outbox sent, and every delivery
     * event the providers reported), then advances each journey to {@code --now}: starts the triggered ones
     * and enqueues their due messages into the same outbox, for the pipeline to deliver. Idempotent: running it
     * again at the same moment records and enqueues nothing new. Purchases reach journeys when the host records
     * them (as {@code recall demo} does); this command does not read orders.
     */
    @Command(name = "advance", mixinStandardHelpOptions = true,
            description = "Record the outbox's sends and the delivery events as facts, then advance journeys to a "
                    + "moment, enqueuing their due messages into the outbox.")
    static final class Advance implements Callable<Integer> {

        @Option(names = "--config", required = true, paramLabel = "FILE.json",
                description = "A journey (repeat for several).")
        List<Path> configs;

        @Option(names = "--now", required = true, paramLabel = "INSTANT",
                description = "The moment to advance to, ISO instant such as 2026-03-05T09:00:00Z.")
        Instant now;

        @Option(names = "--dir", defaultValue = "recall-demo", paramLabel = "DIR",
                description = "Folder of a campaign run or demo: its recall-db, campaign-record.csv and contacts.csv "
                        + "(default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--db", paramLabel = "URL",
                description = "jdbc:h2:file:... (default: the H2 file database recall-db in --dir).")
        String db;

        @Option(names = "--contacts", paramLabel = "FILE.csv",
                description = "customer_id,name,email,phone,region,time_zone (default: contacts.csv in --dir, if "
                        + "there; without contacts every send is skipped, counted).")
        Path contacts;

        @Option(names = "--record", paramLabel = "FILE.csv",
                description = "Campaign records whose messages may trigger journeys (default: campaign-record.csv in "
                        + "--dir, if there).")
        List<Path> records;

        @Option(names = "--region", defaultValue = "GB", paramLabel = "CC",
                description = "Region for phone numbers without a country code (default: ${DEFAULT-VALUE}).")
        String region;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** What the options ask for, defaults resolved. */
        record Settings(List<Path> configs, Instant now, String db, Optional<Path> contacts, List<Path> records,
                        String region) {
            Settings {
                configs = List.copyOf(configs);
                Objects.requireNonNull(now, "now");
                Objects.requireNonNull(db, "db");
                Objects.requireNonNull(contacts, "contacts");
                records = List.copyOf(records);
            }
        }

        /** What one advance did: the facts newly recorded, each journey's report, and the outbox after it. */
        record Result(long factsRecorded, Map<String, AdvanceReport> reports, Reconciliation outbox) {
        }

        Settings settings() {
            Optional<Path> c = Optional.ofNullable(contacts)
                    .or(() -> Optional.of(dir.resolve("contacts.csv")).filter(Files::isRegularFile));
            List<Path> r = records != null ? records
                    : Optional.of(dir.resolve("campaign-record.csv")).filter(Files::isRegularFile).stream().toList();
            return new Settings(configs, now, db == null ? CampaignJob.Database.defaultUrl(dir) : db, c, r, region);
        }

        @Override
        public Integer call() throws Exception {
            Result r = run(settings());
            print(spec.commandLine().getOut(), r);
            return 0;
        }

        static Result run(Settings s) throws IOException {
            // Validate every journey before touching the database: a bad one fails at once with its JSON path.
            Map<String, Journey> journeys = new LinkedHashMap<>();
            for (Path p : s.configs()) {
                Journey j = JourneyJob.load(p);
                if (journeys.putIfAbsent(j.id(), j) != null) {
                    throw new IllegalArgumentException(p + ": journey id '" + j.id() + "' is given twice");
                }
            }
            Map<String, Contact> contactMap = new HashMap<>();
            if (s.contacts().isPresent()) {
                ContactsFile.readContacts(s.contacts().get(), LibPhoneNumberNormalizer.lenient(), s.region(), s.now())
                        .profiles().forEach((id, p) -> contactMap.put(id, CampaignJob.contact(p, ZoneOffset.UTC)));
            }
            List<String> messageIds = new ArrayList<>();
            for (Path p : s.records()) {
                messageIds.addAll(messageIds(p));
            }
            try (CampaignJob.Database database = CampaignJob.Database.open(s.db(), s.now())) {
                OutboxStore outbox = database.stores.outbox();
                JourneyStore store = JourneyStore.jdbc(database.pool(), s.now());
                long recorded = 0;
                for (String id : messageIds) {
                    Optional<OutboxEntry> e = outbox.find(id);
                    if (e.isPresent() && !e.get().updatedAt().isAfter(s.now())) {
                        recorded += JourneyJob.sentFact(e.get()).map(store::record).orElse(false) ? 1 : 0;
                    }
                }
                Set<String> seen = new HashSet<>();
                for (DeliveryEvent ev : database.stores.events().all()) {
                    if (ev.occurredAt().isAfter(s.now())) {
                        continue;
                    }
                    Optional<OutboxEntry> e = ev.idempotencyKey()
                            .flatMap(k -> outbox.findByIdempotencyKey(ev.channel(), k))
                            .or(() -> ev.providerId().flatMap(p -> outbox.findByProviderId(ev.channel(), p)));
                    if (e.isEmpty()) {
                        continue;
                    }
                    // A journey's own messages are named by no campaign record: their events bring their SENT fact.
                    if (e.get().state() == DeliveryState.SENT && seen.add(e.get().id())) {
                        recorded += JourneyJob.sentFact(e.get()).map(store::record).orElse(false) ? 1 : 0;
                    }
                    recorded += Fact.of(ev, e.get().customerId()).map(store::record).orElse(false) ? 1 : 0;
                }
                Map<String, AdvanceReport> reports = new LinkedHashMap<>();
                for (Journey j : journeys.values()) {
                    JourneyRunner runner = JourneyRunner.builder().journey(j).store(store).outbox(outbox)
                            .contacts(id -> Optional.ofNullable(contactMap.get(id))).build();
                    reports.put(j.id(), runner.advance(s.now()));
                }
                return new Result(recorded, reports, outbox.reconcile());
            }
        }

        /** The non-empty {@code message_id} column of a campaign-record.csv. */
        static List<String> messageIds(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("campaign record not found: " + file.toAbsolutePath());
            }
            List<String> out = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String header = r.readLine();
                List<String> columns = header == null ? List.of() : List.of(header.split(","));
                int col = columns.indexOf("message_id");
                if (col < 0) {
                    throw new IllegalArgumentException(file + " has no message_id column: not a campaign-record.csv");
                }
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    List<String> f = fields(line);
                    if (f.size() > col && !f.get(col).isEmpty()) {
                        out.add(f.get(col));
                    }
                }
            }
            return out;
        }

        // One RFC 4180 line (the record writes no line breaks inside a field).
        private static List<String> fields(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    out.add(f.toString());
                    f.setLength(0);
                } else {
                    f.append(c);
                }
            }
            out.add(f.toString());
            return out;
        }

        static void print(PrintWriter out, Result r) {
            out.printf("recorded %,d new facts%n", r.factsRecorded());
            r.reports().forEach((id, a) -> out.printf("journey %s: %,d entered, %,d steps, %,d messages enqueued, "
                            + "%,d skipped (no address), %,d finished, %,d exited early, %,d conflicts%n", id, a.entered(),
                    a.moves(), a.enqueued(), a.skipped(), a.finished(), a.exited(), a.conflicts()));
            out.printf("outbox: %s%n", r.outbox());
            out.flush();
        }
    }
}
