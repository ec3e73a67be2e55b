package io.recall.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.campaign.Campaign;
import io.recall.campaign.CampaignRecord;
import io.recall.campaign.CampaignRunner;
import io.recall.campaign.Candidate;
import io.recall.campaign.Contact;
import io.recall.campaign.CustomerOutcome;
import io.recall.campaign.OfferMade;
import io.recall.channels.Address;
import io.recall.delivery.ConsentLedger;
import io.recall.delivery.JdbcStores;
import io.recall.delivery.OutboxStore;
import io.recall.incentive.BudgetLedger;
import io.recall.incentive.IncentiveEngine;
import io.recall.incentive.RuleSet;
import io.recall.model.CustomerProfile;
import io.recall.model.Money;
import io.recall.segment.Classification;
import io.recall.segment.SegmentScheme;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static io.recall.examples.cli.CsvCells.csv;

/**
 * The campaign step shared by {@code recall campaign run} and {@code recall demo}: load and validate a campaign,
 * turn classified customers and their contacts into candidates, run {@link CampaignRunner} into an outbox, and
 * write the campaign record as JSON and CSV.
 */
final class CampaignJob {

    /** The example campaign shipped with the tool (and shown in the README). */
    static final String EXAMPLE_CAMPAIGN = "/io/recall/examples/campaigns/win-back.json";
    /** The rule set the example campaign names. */
    static final String EXAMPLE_RULES = "/io/recall/examples/campaigns/win-back-rules.json";

    private CampaignJob() {
    }

    /** A resource of this tool as text. */
    static String resource(String name) {
        try (InputStream in = CampaignJob.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Loads and validates a campaign against a scheme; a bad one is a {@link io.recall.config.ConfigException}
     * (an IllegalArgumentException) naming the file and every problem's JSON path.
     */
    static Campaign loadCampaign(Path file, SegmentScheme scheme) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("campaign not found: " + file.toAbsolutePath());
        }
        try {
            return Campaign.fromJson(Files.readString(file, StandardCharsets.UTF_8), scheme);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The scheme a campaign file names (read loosely first, so the scheme can be loaded before validating). */
    static String schemeOf(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("campaign not found: " + file.toAbsolutePath());
        }
        try {
            return new ObjectMapper().readTree(file.toFile()).path("audience").path("scheme").asText("seed4");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getMessage(), e);
        }
    }

    /** A contact from an imported profile: every e-mail, every E.164 phone (for SMS and call-back). */
    static Contact contact(CustomerProfile p, ZoneId defaultZone) {
        ZoneId zone = p.timeZone().orElse(defaultZone);
        List<Address> addresses = new ArrayList<>();
        for (String e : p.emails()) {
            try {
                addresses.add(new Address.Email(e));
            } catch (IllegalArgumentException ignored) {
                // An unusable address is no address: the runner excludes a customer left without one.
            }
        }
        for (String n : p.phones()) {
            try {
                Address.Phone phone = new Address.Phone(n);
                addresses.add(phone);
                addresses.add(new Address.CallbackEntry(phone, zone));
            } catch (IllegalArgumentException ignored) {
                // As above: a number that is not E.164 cannot be texted or called.
            }
        }
        return new Contact(p.id(), zone, p.locale().orElse(Locale.ROOT), addresses);
    }

    /** Candidates: every classified customer, with a contact when one is known. */
    static List<Candidate> candidates(List<Classification> classified, Map<String, Contact> contacts) {
        List<Candidate> out = new ArrayList<>(classified.size());
        for (Classification c : classified) {
            out.add(new Candidate(c, Optional.ofNullable(contacts.get(c.customerId())), Optional.empty()));
        }
        return out;
    }

    /** A database the outbox lives in; closing it releases the file. */
    static final class Database implements AutoCloseable {
        final JdbcStores stores;
        private final JdbcConnectionPool pool;

        private Database(JdbcConnectionPool pool, Instant now) {
            this.pool = pool;
            this.stores = JdbcStores.migrate(pool, now);
        }

        /** The connection pool, for other stores in the same database (journey state). */
        javax.sql.DataSource pool() {
            return pool;
        }

        /** Opens (creating or migrating) a database by JDBC URL; H2 only in this tool. */
        static Database open(String url, Instant now) {
            if (!url.startsWith("jdbc:h2:")) {
                throw new IllegalArgumentException("--db: expected jdbc:h2:... or memory but found '" + url + "'");
            }
            return new Database(JdbcConnectionPool.create(url, "sa", ""), now);
        }

        /** The default: an H2 file database in a folder, so a second run resumes. */
        static String defaultUrl(Path dir) {
            return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("recall-db").toString().replace('\\', '/');
        }

        @Override
        public void close() {
            pool.dispose();
        }
    }

    /**
     * Runs a campaign into an outbox.
     *
     * @param consents   marketing consent per channel, when known: customers without it on any channel are
     *                   excluded (the delivery pipeline checks again just before each send)
     * @param outboxHook wraps the outbox (tests inject a crash); identity otherwise
     */
    static CampaignRecord run(Campaign campaign, List<Candidate> candidates, Optional<RuleSet> rules,
                              Optional<ConsentLedger> consents, OutboxStore outbox, Instant now,
                              UnaryOperator<OutboxStore> outboxHook) {
        return run(campaign, candidates, rules, consents, outbox, now, outboxHook,
                rules.map(BudgetLedger::of));
    }

    /** As above, reserving offers in {@code ledger} (a fresh one for the rule set's budgets when empty). */
    static CampaignRecord run(Campaign campaign, List<Candidate> candidates, Optional<RuleSet> rules,
                              Optional<ConsentLedger> consents, OutboxStore outbox, Instant now,
                              UnaryOperator<OutboxStore> outboxHook, Optional<BudgetLedger> ledger) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        CampaignRunner.Builder runner = CampaignRunner.newBuilder().outbox(outboxHook.apply(outbox)).clock(clock);
        consents.ifPresent(runner::consents);
        if (campaign.incentives().isPresent()) {
            RuleSet r = rules.orElseThrow(() -> new IllegalArgumentException("campaign " + campaign.id()
                    + " makes offers from rule set '" + campaign.incentives().get() + "': give it with --rules"));
            runner.incentives(IncentiveEngine.of(r, ledger.orElseGet(() -> BudgetLedger.of(r)), clock));
        }
        return runner.build().run(campaign, candidates);
    }

    /** Writes the record: {@code campaign-record.json} (counts) and {@code campaign-record.csv} (one row each). */
    static void write(CampaignRecord record, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("campaign", record.campaign().id());
        root.put("kind", record.campaign().kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        root.put("ranAt", record.ranAt().toString());
        root.put("considered", record.considered());
        root.put("targeted", record.targeted());
        root.put("heldOut", record.heldOut());
        root.put("excluded", record.excluded());
        root.put("enqueuedThisRun", record.enqueued());
        ObjectNode reasons = root.putObject("excludedByReason");
        new TreeMap<>(record.excludedByReason().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        Map.Entry::getValue))).forEach(reasons::put);
        ObjectNode segments = root.putObject("segments");
        for (CustomerOutcome o : record.outcomes()) {
            ObjectNode s = segments.has(o.segmentId()) ? (ObjectNode) segments.get(o.segmentId())
                    : segments.putObject(o.segmentId());
            String k = o.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
            s.put(k, s.path(k).asInt(0) + 1);
        }
        ObjectNode offers = root.putObject("offers");
        Map<String, Integer> byRule = new TreeMap<>();
        Map<String, Money> valueByRule = new TreeMap<>();
        for (CustomerOutcome o : record.outcomes()) {
            for (OfferMade m : o.offers()) {
                byRule.merge(m.ruleId(), 1, Integer::sum);
                valueByRule.merge(m.ruleId(), m.value(), Money::plus);
            }
        }
        byRule.forEach((rule, n) -> {
            ObjectNode r = offers.putObject(rule);
            r.put("count", n);
            r.put("value", valueByRule.get(rule).amount().toPlainString());
            r.put("currency", valueByRule.get(rule).currency().getCurrencyCode());
        });
        json.writeValue(dir.resolve("campaign-record.json").toFile(), root);
        try (Writer w = Files.newBufferedWriter(dir.resolve("campaign-record.csv"), StandardCharsets.UTF_8)) {
            w.write("customer_id,segment,status,exclusion,channels,message_id,due_at,offers,offer_value\n");
            for (CustomerOutcome o : record.outcomes()) {
                Optional<Money> value = o.offers().stream().map(OfferMade::value).reduce(Money::plus);
                w.write(csv(o.customerId()) + ',' + o.segmentId() + ','
                        + o.status().name().toLowerCase(Locale.ROOT).replace('_', '-') + ','
                        + o.exclusion().map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).orElse("") + ','
                        + o.channels().stream().map(c -> c.id()).collect(Collectors.joining(";")) + ','
                        + csv(o.messageId().orElse("")) + ',' + o.dueAt().map(Instant::toString).orElse("") + ','
                        + csv(o.offers().stream().map(OfferMade::ruleId).collect(Collectors.joining(";"))) + ','
                        + value.map(m -> m.amount().toPlainString()).orElse("") + '\n');
            }
        }
    }
}
