package io.recall.examples.cli;

import io.recall.examples.callback.AtRiskRule;
import io.recall.examples.callback.CallbackCandidate;
import io.recall.examples.callback.CallbackExport;
import io.recall.examples.callback.CallbackList;
import io.recall.examples.callback.CallbackPolicy;
import io.recall.examples.callback.CallingHours;
import io.recall.examples.callback.Complaint;
import io.recall.examples.phone.LibPhoneNumberNormalizer;
import io.recall.incentive.BudgetLedger;
import io.recall.incentive.CustomerFacts;
import io.recall.incentive.Decision;
import io.recall.incentive.IncentiveEngine;
import io.recall.incentive.RuleSet;
import io.recall.ingest.InputFormat;
import io.recall.ingest.ProgressListener;
import io.recall.rfm.MonetaryBasis;
import io.recall.segment.Classification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code recall callback-list}: the customers the call team should ring, from an order file (segmented as
 * {@code recall segment} does), a contacts file (names, phones, zones, consent) and optionally a complaints file
 * and an incentive rule set (the offer to mention). Writes a CSV for the team and optionally the JSON with every
 * exclusion; prints the counts, which reconcile.
 */
@Command(name = "callback-list", mixinStandardHelpOptions = true,
        description = "List important customers at risk, who agreed to be called, with the best local time to call.")
final class CallbackListCommand implements Callable<Integer> {

    @CommandLine.Mixin
    CustomerFileOptions files = new CustomerFileOptions();

    @Option(names = "--complaints", paramLabel = "FILE.csv",
            description = "customer_id,complaint_id,opened_at,resolved_at,summary.")
    Path complaints;

    @Option(names = "--rules", paramLabel = "FILE.json", description = "Incentive rule set: the offer to mention.")
    Path rules;

    @Option(names = "--segments", defaultValue = "important-value,important-develop", split = ",", paramLabel = "IDS",
            description = "Segments worth a call (default: ${DEFAULT-VALUE}).")
    List<String> segments;

    @Option(names = "--now", paramLabel = "INSTANT",
            description = "When the list is made, e.g. 2011-12-12T08:00:00Z: consent must be current then and slots"
                    + " start from it (default: the system clock).")
    Instant now;

    @Option(names = "--overdue-factor", defaultValue = "1.5", paramLabel = "X",
            description = "At risk when the days since the last order reach X times the customer's usual gap"
                    + " (0 to disable; default: ${DEFAULT-VALUE}).")
    double overdueFactor;

    @Option(names = "--silent-days", defaultValue = "90", paramLabel = "DAYS",
            description = "At risk when silent this many days, whatever the rhythm (0 to disable; default: ${DEFAULT-VALUE}).")
    int silentDays;

    @Option(names = "--alive-below", defaultValue = "0", paramLabel = "P",
            description = "At risk when the BG/NBD probability of still being a customer, fitted on the same orders,"
                    + " is below P (0 to disable, the default).")
    double aliveBelow;

    @Option(names = "--windows", defaultValue = "10:00-12:00,14:00-18:00", split = ",", paramLabel = "HH:MM-HH:MM",
            description = "Calling windows on the customer's clock (default: ${DEFAULT-VALUE}).")
    List<String> windows;

    @Option(names = "--days", defaultValue = "MON-SAT", paramLabel = "DAYS",
            description = "Calling days: a range like MON-SAT or a list like MON,WED,FRI (default: ${DEFAULT-VALUE}).")
    String days;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Zone of customers whose contact record names none (default: the format's).")
    ZoneId zone;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "The list for the call team.")
    Path output;

    @Option(names = "--json", paramLabel = "FILE.json", description = "The list with every exclusion and the counts.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the options ask for. */
    record Settings(Path input, InputFormat format, Path contacts, Optional<Path> complaints, Optional<Path> rules,
                    String scheme, Optional<LocalDate> asOf, Clock clock, CallbackPolicy policy, Optional<ZoneId> zone,
                    String region, Path output, Optional<Path> json) {
        Settings {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(policy, "policy");
        }
    }

    /** The settings the options describe; usage errors are picocli parameter exceptions. */
    Settings settings() {
        InputFormat inputFormat = files.format(spec.commandLine());
        AtRiskRule rule;
        try {
            rule = new AtRiskRule(overdueFactor == 0 ? OptionalDouble.empty() : OptionalDouble.of(overdueFactor),
                    silentDays == 0 ? OptionalInt.empty() : OptionalInt.of(silentDays),
                    aliveBelow == 0 ? OptionalDouble.empty() : OptionalDouble.of(aliveBelow));
        } catch (IllegalArgumentException e) {
            throw usage("--overdue-factor/--silent-days/--alive-below: " + e.getMessage());
        }
        CallingHours hours;
        try {
            hours = new CallingHours(windows.stream().map(CallingHours.Window::parse).toList(), parseDays(days));
        } catch (IllegalArgumentException e) {
            throw usage("--windows/--days: " + e.getMessage());
        }
        ZoneId fallback = zone != null ? zone : inputFormat.defaultZone();
        CallbackPolicy policy = new CallbackPolicy(Set.copyOf(segments), rule, hours, fallback);
        Clock clock = now != null ? Clock.fixed(now, ZoneOffset.UTC) : Clock.systemUTC();
        return new Settings(files.input, inputFormat, files.contacts, Optional.ofNullable(complaints),
                Optional.ofNullable(rules), files.scheme, files.asOf(), clock, policy, Optional.ofNullable(zone),
                files.region(), output, Optional.ofNullable(json));
    }

    static Set<DayOfWeek> parseDays(String text) {
        List<DayOfWeek> week = List.of(DayOfWeek.values());
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.matches("[A-Z]{3}-[A-Z]{3}")) {
            DayOfWeek from = day(t.substring(0, 3));
            DayOfWeek to = day(t.substring(4));
            Set<DayOfWeek> range = EnumSet.noneOf(DayOfWeek.class);
            for (int i = from.ordinal(); ; i = (i + 1) % 7) {
                range.add(week.get(i));
                if (i == to.ordinal()) {
                    return range;
                }
            }
        }
        return Arrays.stream(t.split(",")).map(String::strip).map(CallbackListCommand::day)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DayOfWeek.class)));
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(abbreviation) && abbreviation.length() == 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("expected days like MON-SAT or MON,WED,FRI but found '" + abbreviation + "'");
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        CallbackList list = run(settings(), ProgressListener.NONE);
        print(spec.commandLine().getOut(), list);
        return 0;
    }

    /** Runs the whole job: segment, join contacts, complaints and offers, build, write. */
    static CallbackList run(Settings s, ProgressListener progress) throws IOException {
        return run(s, () -> CustomerBase.load(s.input(), s.format(), s.scheme(), s.asOf(),
                s.policy().atRisk().aliveBelow().isPresent(), progress));
    }

    /** Runs the job on a customer base loaded on demand (after the small files were read and found good). */
    static CallbackList run(Settings s, CustomerBase.Source source) throws IOException {
        // The small files first: a mistake in them should not cost a whole import.
        ContactsFile.Contacts contacts = ContactsFile.readContacts(s.contacts(), LibPhoneNumberNormalizer.lenient(),
                s.region(), Instant.EPOCH);
        Map<String, List<Complaint>> complaints = s.complaints().isPresent()
                ? ContactsFile.readComplaints(s.complaints().get(), s.policy().defaultZone()) : Map.of();
        CustomerBase base = source.load();
        if (s.policy().atRisk().aliveBelow().isPresent() && base.probabilityAlive().isEmpty()) {
            throw new IllegalStateException("the at-risk rule uses P(alive) but the customer base has no predictions");
        }
        Optional<IncentiveEngine> engine = Optional.empty();
        Optional<RuleSet> ruleSet = Optional.empty();
        if (s.rules().isPresent()) {
            if (!Files.isRegularFile(s.rules().get())) {
                throw new IllegalArgumentException("rule set not found: " + s.rules().get().toAbsolutePath());
            }
            RuleSet r = RuleSet.fromJson(Files.readString(s.rules().get(), StandardCharsets.UTF_8),
                    base.segmenter().scheme());
            ruleSet = Optional.of(r);
            engine = Optional.of(IncentiveEngine.of(r, BudgetLedger.of(r), s.clock()));
        }
        List<CallbackCandidate> candidates = new ArrayList<>(base.classifications().size());
        for (Classification c : base.classifications()) {
            candidates.add(new CallbackCandidate(c, Optional.ofNullable(contacts.profiles().get(c.customerId())),
                    complaints.getOrDefault(c.customerId(), List.of()), Optional.empty(),
                    base.probabilityAlive().containsKey(c.customerId())
                            ? OptionalDouble.of(base.probabilityAlive().get(c.customerId())) : OptionalDouble.empty()));
        }
        CallbackList list = CallbackExport.build(candidates, base.asOf(), s.policy(), contacts.consents(), s.clock());
        if (engine.isPresent()) {
            // Offers are decided only for the customers on the list, so nobody who will not be called uses budget.
            Set<String> listed = list.entries().stream().map(e -> e.customerId()).collect(Collectors.toSet());
            RuleSet r = ruleSet.orElseThrow();
            List<CallbackCandidate> withOffers = new ArrayList<>(candidates.size());
            for (CallbackCandidate c : candidates) {
                if (!listed.contains(c.customerId())) {
                    withOffers.add(c);
                    continue;
                }
                Classification k = c.classification();
                Decision d = engine.get().decide(CustomerFacts.ofRfm(k.segment().id(), k.score(), k.metrics(),
                        base.segmenter().model().options().monetaryBasis() == MonetaryBasis.TOTAL,
                        Set.of("callback-list"), r.zone()));
                withOffers.add(new CallbackCandidate(k, c.profile(), c.complaints(), Optional.of(d), c.probabilityAlive()));
            }
            list = CallbackExport.build(withOffers, base.asOf(), s.policy(), contacts.consents(), s.clock());
        }
        try (Writer out = Files.newBufferedWriter(s.output(), StandardCharsets.UTF_8)) {
            CallbackExport.writeCsv(list, out);
        }
        if (s.json().isPresent()) {
            try (Writer out = Files.newBufferedWriter(s.json().get(), StandardCharsets.UTF_8)) {
                CallbackExport.writeJson(list, out);
            }
        }
        return list;
    }

    static void print(PrintWriter out, CallbackList list) {
        out.printf("call-back list as of %s, made %s: %,d customers considered, %,d to call, %,d left off%n",
                list.asOf(), list.generatedAt(), list.considered(), list.entries().size(), list.exclusions().size());
        list.excludedByReason().forEach((reason, n) -> out.printf("  %-26s %,7d%n",
                reason.name().toLowerCase(Locale.ROOT).replace('_', '-'), n));
        out.flush();
    }
}
