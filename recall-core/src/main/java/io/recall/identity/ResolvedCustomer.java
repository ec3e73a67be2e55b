package io.recall.identity;

import io.recall.channels.Channel;
import io.recall.model.Consent;
import io.recall.model.CustomerProfile;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One person: the merged profile, the records it came from, where each field came from, and why the
 * records were merged.
 *
 * @param profile    the merged profile; its id is the id of the most trusted record, {@code source:id}
 * @param records    the merged records, as {@code source:id}, sorted
 * @param aliases    keys the records link to that have no profile of their own (a web account seen only
 *                   on orders), sorted: orders under them belong to this person too
 * @param provenance per field name ({@code name}, {@code emails}, {@code phones}, {@code memberId}, …), the
 *                   record that supplied it
 * @param links      the shared values that joined the records, one per merge (a spanning tree)
 * @param consents   per channel, the newest statement of any record (see {@link Consent#supersedes}),
 *                   sorted by channel id; its source and record are its provenance
 */
public record ResolvedCustomer(CustomerProfile profile, List<String> records, List<String> aliases,
                               Map<String, FieldSource> provenance, List<MergeLink> links, List<Consent> consents) {

    /** A person with no consent statements. */
    public ResolvedCustomer(CustomerProfile profile, List<String> records, List<String> aliases,
                            Map<String, FieldSource> provenance, List<MergeLink> links) {
        this(profile, records, aliases, provenance, links, List.of());
    }

    /** Validates and copies. */
    public ResolvedCustomer {
        Objects.requireNonNull(profile, "profile");
        records = List.copyOf(records);
        aliases = List.copyOf(aliases);
        provenance = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(provenance));
        links = List.copyOf(links);
        consents = List.copyOf(consents);
        if (consents.stream().map(Consent::channel).distinct().count() != consents.size()) {
            throw new IllegalArgumentException("one statement per channel is in force, but " + profile.id()
                    + " has several on a channel: " + consents);
        }
        if (links.size() != records.size() - 1) {
            throw new IllegalArgumentException(records.size() + " records need " + (records.size() - 1)
                    + " merge links but have " + links.size());
        }
    }

    /** The person's id. */
    public String id() {
        return profile.id();
    }

    /** The statement in force on a channel, if any record made one. */
    public java.util.Optional<Consent> consent(Channel channel) {
        return consents.stream().filter(c -> c.channel().equals(channel)).findFirst();
    }

    /** The ids of the channels whose statement in force is a grant, e.g. {@code [email, sms]}. */
    public java.util.Set<String> consentedChannels() {
        return consents.stream().filter(Consent::granted).map(c -> c.channel().id())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Why these records are one person, one line per merge. */
    public List<String> explain() {
        return links.stream().map(MergeLink::explain).toList();
    }
}
