package io.recall.examples.cli;

import io.recall.campaign.Campaign;
import io.recall.campaign.CampaignRecord;
import io.recall.campaign.Contact;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.Reconciliation;
import io.recall.examples.phone.LibPhoneNumberNormalizer;
import io.recall.incentive.BudgetLedger;
import io.recall.incentive.JdbcIncentiveStores;
import io.recall.incentive.RuleSet;
import io.recall.ingest.InputFormat;
import io.recall.segment.SegmentScheme;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@code recall campaign}: campaign commands; {@code recall campaign run} runs one into the outbox. */
@Command(name = "campaign", mixinStandardHelpOptions = true, description = "Run campaigns.",
        subcommands = {CampaignCommand.Run.class, CommandLine.HelpCommand.class})
final class CampaignCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code recall campaign run}: validates a campaign, classifies every customer of an order file, enqueues one
     * message per targeted customer into the outbox (an H2 file database under the output folder unless
     * {@code --db} says otherwise, so a second run resumes and duplicates nothing) and writes the campaign record.
     */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a campaign over an order file into the outbox and write the campaign record.")
    static final class Run implements java.util.concurrent.Callable<Integer> {

        @Option(names = "--config", required = true, paramLabel = "FILE.json", description = "The campaign.")
        Path config;

        @Option(names = "--input", required = true, paramLabel = "FILE", description = "Order file (plain or gzip).")
        Path input;

        @Option(names = "--format", required = true, paramLabel = "FORMAT",
                description = OrderFormats.ORDER_FILES_TEXT + ".")
        String format;

        @Option(names = "--contacts", paramLabel = "FILE.csv",
                description = "customer_id,name,email,phone,region,time_zone,... (without it nobody can be reached).")
        Path contacts;

        @Option(names = "--rules", paramLabel = "FILE.json", description = "The incentive rule set the campaign names.")
        Path rules;

        @Option(names = "--scheme", paramLabel = "SCHEME",
                description = "seed4, rfm8, rfm11 or a scheme JSON file (default: the campaign's).")
        String scheme;

        @Option(names = "--as-of", paramLabel = "DATE",
                description = "As-of date YYYY-MM-DD (default: the day after the last purchase).")
        LocalDate asOf;

        @Option(names = "--now", paramLabel = "INSTANT",
                description = "When the campaign runs, ISO instant (default: the campaign's start).")
        Instant now;

        @Option(names = "--db", paramLabel = "URL",
                description = "Where the outbox and the offers' budgets live: jdbc:h2:file:... or memory (default: an H2"
                        + " file database in the output folder, so a re-run resumes within the same budgets).")
        String db;

        @Option(names = "--region", defaultValue = "GB", paramLabel = "CC",
                description = "Region for phone numbers without a country code (default: ${DEFAULT-VALUE}).")
        String region;

        @Option(names = "--output-dir", required = true, paramLabel = "DIR", description = "Where the record goes.")
        Path outputDir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** What the options ask for. */
        record Settings(Path config, Path input, InputFormat format, Optional<Path> contacts, Optional<Path> rules,
                        Optional<String> scheme, Optional<LocalDate> asOf, Optional<Instant> now, Optional<String> db,
                        String region, Path outputDir) {
            Settings {
                Objects.requireNonNull(config, "config");
                Objects.requireNonNull(input, "input");
                Objects.requireNonNull(format, "format");
                Objects.requireNonNull(outputDir, "outputDir");
            }
        }

        /** What a run did. */
        record Result(CampaignRecord record, Reconciliation outbox, Path dir) {
        }

        Settings settings() {
            InputFormat f = OrderFormats.parse(spec.commandLine(), format, OrderFormats.ORDER_FILES);
            return new Settings(config, input, f, Optional.ofNullable(contacts), Optional.ofNullable(rules),
                    Optional.ofNullable(scheme), Optional.ofNullable(asOf), Optional.ofNullable(now),
                    Optional.ofNullable(db), region, outputDir);
        }

        @Override
        public Integer call() throws Exception {
            Result r = run(settings(), UnaryOperator.identity());
            print(spec.commandLine().getOut(), r);
            return 0;
        }

        /** Runs the whole job; {@code outboxHook} lets a test crash the run part-way. */
        static Result run(Settings s, UnaryOperator<OutboxStore> outboxHook) throws IOException {
            String schemeName = s.scheme().orElse(CampaignJob.schemeOf(s.config()));
            SegmentScheme segments = SegmentJob.loadScheme(schemeName);
            // Validate everything before reading the orders: a bad config fails at once with its JSON path.
            Campaign campaign = CampaignJob.loadCampaign(s.config(), segments);
            Optional<RuleSet> ruleSet = Optional.empty();
            if (s.rules().isPresent()) {
                if (!Files.isRegularFile(s.rules().get())) {
                    throw new IllegalArgumentException("rule set not found: " + s.rules().get().toAbsolutePath());
                }
                ruleSet = Optional.of(RuleSet.fromJson(Files.readString(s.rules().get(), StandardCharsets.UTF_8),
                        segments));
            }
            if (campaign.incentives().isPresent() && ruleSet.isEmpty()) {
                throw new IllegalArgumentException("campaign " + campaign.id() + " makes offers from rule set '"
                        + campaign.incentives().get() + "': give it with --rules");
            }
            Instant when = s.now().orElse(campaign.schedule().start());
            CustomerBase base = CustomerBase.load(s.input(), s.format(), schemeName, s.asOf(),
                    Progress.forTerminal("importing " + s.input().getFileName()));
            Map<String, Contact> contactMap = new HashMap<>();
            if (s.contacts().isPresent()) {
                ContactsFile.Contacts file = ContactsFile.readContacts(s.contacts().get(),
                        LibPhoneNumberNormalizer.lenient(), s.region(), when);
                file.profiles().forEach((id, p) -> contactMap.put(id, CampaignJob.contact(p, base.zone())));
            }
            Files.createDirectories(s.outputDir());
            String url = s.db().orElse(CampaignJob.Database.defaultUrl(s.outputDir()));
            CampaignRecord record;
            Reconciliation reconciliation;
            if (url.equals("memory")) {
                OutboxStore outbox = OutboxStore.inMemory();
                record = CampaignJob.run(campaign, CampaignJob.candidates(base.classifications(), contactMap),
                        ruleSet, Optional.empty(), outbox, when, outboxHook);
                reconciliation = outbox.reconcile();
            } else {
                try (CampaignJob.Database database = CampaignJob.Database.open(url, when)) {
                    // The budgets live in the same database as the outbox: a resumed or repeated run goes on from
                    // what earlier runs reserved instead of spending the whole budget again.
                    Optional<BudgetLedger> ledger = ruleSet.map(r -> JdbcIncentiveStores.migrate(database.pool(), when)
                            .budgets(r));
                    record = CampaignJob.run(campaign, CampaignJob.candidates(base.classifications(), contactMap),
                            ruleSet, Optional.empty(), database.stores.outbox(), when, outboxHook, ledger);
                    reconciliation = database.stores.outbox().reconcile();
                }
            }
            CampaignJob.write(record, s.outputDir());
            return new Result(record, reconciliation, s.outputDir());
        }

        static void print(PrintWriter out, Result r) {
            CampaignRecord c = r.record();
            out.printf("campaign %s: considered %,d = targeted %,d + held out %,d + excluded %,d%n", c.campaign().id(),
                    c.considered(), c.targeted(), c.heldOut(), c.excluded());
            c.excludedByReason().forEach((why, n) -> out.printf("  excluded %-20s %,7d%n",
                    why.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), n));
            out.printf("enqueued %,d new messages (%,d in the outbox)%n", c.enqueued(), r.outbox().enqueued());
            out.printf("wrote %s and %s%n", r.dir().resolve("campaign-record.json"), r.dir().resolve("campaign-record.csv"));
            out.flush();
        }
    }
}
