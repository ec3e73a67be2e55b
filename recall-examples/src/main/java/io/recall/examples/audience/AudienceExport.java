package io.recall.examples.audience;

import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.examples.audience.internal.Normalise;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds an ad audience for one destination and writes its upload CSV.
 *
 * <p>A customer is listed when the consent ledger holds a current {@link Channel#AD_AUDIENCE} grant for
 * {@link Purpose#MARKETING} at the clock's instant and they have a valid e-mail address or E.164 phone number not
 * already exported for another customer; otherwise they are excluded with a reason. Stateless and thread-safe.
 *
 * <pre>{@code
 * AudienceList audience = AudienceExport.build(candidates, AudienceDestination.META_CUSTOM_AUDIENCES, consents, clock);
 * try (Writer out = Files.newBufferedWriter(file)) {
 *     AudienceExport.writeCsv(audience, out);
 * }
 * }</pre>
 */
public final class AudienceExport {

    private AudienceExport() {
    }

    /**
     * Normalises, hashes and filters the candidates.
     *
     * @param candidates  the customers to consider, each once
     * @param destination the platform
     * @param consents    the consent ledger
     * @param clock       "now", at which consent must be current
     */
    public static AudienceList build(List<AudienceCandidate> candidates, AudienceDestination destination,
                                     ConsentLedger consents, Clock clock) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(consents, "consents");
        Instant now = Objects.requireNonNull(clock, "clock").instant();
        List<AudienceMemberRow> members = new ArrayList<>();
        List<AudienceExclusion> exclusions = new ArrayList<>();
        Set<String> exportedHashes = new HashSet<>();
        Set<String> customers = new HashSet<>();
        for (AudienceCandidate c : List.copyOf(candidates)) {
            if (!customers.add(c.customerId())) {
                throw new IllegalArgumentException("customer " + c.customerId() + " is a candidate twice");
            }
            Optional<ConsentEntry> consent = consents.current(c.customerId(), Channel.AD_AUDIENCE, Purpose.MARKETING, now);
            if (consent.isEmpty()) {
                exclusions.add(new AudienceExclusion(c.customerId(), AudienceExclusion.Reason.NO_AD_CONSENT,
                        "no ad-audience consent on record at " + now));
                continue;
            }
            if (consent.get().decision() == ConsentEntry.Decision.WITHDRAWN) {
                exclusions.add(new AudienceExclusion(c.customerId(), AudienceExclusion.Reason.AD_CONSENT_WITHDRAWN,
                        "withdrawn at " + consent.get().at() + " through " + consent.get().source()));
                continue;
            }
            List<String> emails = c.emails().stream().map(destination::normaliseEmail).flatMap(Optional::stream)
                    .map(Normalise::sha256Hex).distinct().toList();
            List<String> phones = c.phones().stream().map(destination::normalisePhone).flatMap(Optional::stream)
                    .map(Normalise::sha256Hex).distinct().toList();
            if (emails.isEmpty() && phones.isEmpty()) {
                exclusions.add(new AudienceExclusion(c.customerId(), AudienceExclusion.Reason.NO_VALID_IDENTIFIER,
                        c.emails().size() + " e-mail addresses and " + c.phones().size()
                                + " phone numbers, none valid (e-mail must be local@domain, phone E.164)"));
                continue;
            }
            // A hash already uploaded for someone else adds nothing and would merge two people on the platform: each
            // kind takes the customer's first valid identifier that is not in the audience yet (a shared family
            // address does not hide the customer's own one).
            Optional<String> newEmail = emails.stream().filter(h -> !exportedHashes.contains("e" + h)).findFirst();
            Optional<String> newPhone = phones.stream().filter(h -> !exportedHashes.contains("p" + h)).findFirst();
            if (newEmail.isEmpty() && newPhone.isEmpty()) {
                exclusions.add(new AudienceExclusion(c.customerId(), AudienceExclusion.Reason.DUPLICATE_IDENTIFIER,
                        "every valid identifier (" + emails.size() + " e-mail, " + phones.size()
                                + " phone) is already in the audience for another customer"));
                continue;
            }
            newEmail.ifPresent(h -> exportedHashes.add("e" + h));
            newPhone.ifPresent(h -> exportedHashes.add("p" + h));
            members.add(new AudienceMemberRow(c.customerId(), newEmail, newPhone));
        }
        return new AudienceList(destination, customers.size(), members, exclusions);
    }

    /**
     * Writes the upload file: a header in the destination's column names, then one row of hashes per member
     * (an empty cell where a member has no such identifier). Customer ids are not written: the platforms reject
     * unknown columns.
     */
    public static void writeCsv(AudienceList audience, Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        out.write(audience.destination().emailColumn() + "," + audience.destination().phoneColumn() + "\n");
        for (AudienceMemberRow m : audience.members()) {
            out.write(m.emailSha256().orElse("") + "," + m.phoneSha256().orElse("") + "\n");
        }
        out.flush();
    }
}
