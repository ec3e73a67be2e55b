package io.recall.examples.cli;

import io.recall.examples.audience.AudienceCandidate;
import io.recall.examples.audience.AudienceDestination;
import io.recall.examples.audience.AudienceExport;
import io.recall.examples.audience.AudienceList;
import io.recall.examples.phone.LibPhoneNumberNormalizer;
import io.recall.ingest.InputFormat;
import io.recall.ingest.ProgressListener;
import io.recall.model.CustomerProfile;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code recall audience}: an ad audience upload file for Google Customer Match or Meta Custom Audiences, from an
 * order file (segmented as {@code recall segment} does; optionally only some segments) and a contacts file with
 * ad consent. Identifiers are normalised for the destination and SHA-256-hashed; nothing raw is written.
 */
@Command(name = "audience", mixinStandardHelpOptions = true,
        description = "Write a hashed ad audience (Google Customer Match or Meta Custom Audiences) of consenting customers.")
final class AudienceCommand implements Callable<Integer> {

    @CommandLine.Mixin
    CustomerFileOptions files = new CustomerFileOptions();

    @Option(names = "--destination", required = true, paramLabel = "WHERE", description = "google or meta.")
    String destination;

    @Option(names = "--segments", split = ",", paramLabel = "IDS",
            description = "Only customers in these segments (default: everyone).")
    List<String> segments;

    @Option(names = "--now", paramLabel = "INSTANT",
            description = "When consent must be current, e.g. 2011-12-12T08:00:00Z (default: the system clock).")
    Instant now;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "The upload file.")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the options ask for. */
    record Settings(Path input, InputFormat format, Path contacts, AudienceDestination destination, String scheme,
                    Optional<Set<String>> segments, Optional<LocalDate> asOf, Clock clock, String region, Path output) {
        Settings {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(destination, "destination");
        }
    }

    /** The settings the options describe; usage errors are picocli parameter exceptions. */
    Settings settings() {
        InputFormat inputFormat = files.format(spec.commandLine());
        AudienceDestination where = AudienceDestination.byId(destination).orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), "--destination must be google or meta but was '"
                        + destination + "'"));
        return new Settings(files.input, inputFormat, files.contacts, where, files.scheme,
                Optional.ofNullable(segments).map(Set::copyOf), files.asOf(),
                now != null ? Clock.fixed(now, ZoneOffset.UTC) : Clock.systemUTC(), files.region(), output);
    }

    @Override
    public Integer call() throws Exception {
        AudienceList list = run(settings(), ProgressListener.NONE);
        print(spec.commandLine().getOut(), list);
        return 0;
    }

    /** Runs the whole job: segment, join contacts, filter by segment, build, write. */
    static AudienceList run(Settings s, ProgressListener progress) throws IOException {
        return run(s, () -> CustomerBase.load(s.input(), s.format(), s.scheme(), s.asOf(), progress));
    }

    /** Runs the job on a customer base loaded on demand (after the contacts file was read and found good). */
    static AudienceList run(Settings s, CustomerBase.Source source) throws IOException {
        // The small file first: a mistake in it should not cost a whole import.
        ContactsFile.Contacts contacts = ContactsFile.readContacts(s.contacts(), LibPhoneNumberNormalizer.lenient(),
                s.region(), Instant.EPOCH);
        CustomerBase base = source.load();
        List<AudienceCandidate> candidates = new ArrayList<>();
        for (Classification c : base.classifications()) {
            if (s.segments().map(set -> !set.contains(c.segment().id())).orElse(false)) {
                continue;
            }
            Optional<CustomerProfile> p = Optional.ofNullable(contacts.profiles().get(c.customerId()));
            candidates.add(new AudienceCandidate(c.customerId(), p.map(CustomerProfile::emails).orElse(List.of()),
                    p.map(CustomerProfile::phones).orElse(List.of())));
        }
        AudienceList list = AudienceExport.build(candidates, s.destination(), contacts.consents(), s.clock());
        try (Writer out = Files.newBufferedWriter(s.output(), StandardCharsets.UTF_8)) {
            AudienceExport.writeCsv(list, out);
        }
        return list;
    }

    static void print(PrintWriter out, AudienceList list) {
        out.printf("%s audience: %,d customers considered, %,d members, %,d left off%n", list.destination().id(),
                list.considered(), list.members().size(), list.exclusions().size());
        list.excludedByReason().forEach((reason, n) -> out.printf("  %-22s %,7d%n",
                reason.name().toLowerCase(Locale.ROOT).replace('_', '-'), n));
        out.flush();
    }
}
