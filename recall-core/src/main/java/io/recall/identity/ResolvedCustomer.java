package io.recall.identity;

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
 */
public record ResolvedCustomer(CustomerProfile profile, List<String> records, List<String> aliases,
                               Map<String, FieldSource> provenance, List<MergeLink> links) {

    /** Validates and copies. */
    public ResolvedCustomer {
        Objects.requireNonNull(profile, "profile");
        records = List.copyOf(records);
        aliases = List.copyOf(aliases);
        provenance = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(provenance));
        links = List.copyOf(links);
        if (links.size() != records.size() - 1) {
            throw new IllegalArgumentException(records.size() + " records need " + (records.size() - 1)
                    + " merge links but have " + links.size());
        }
    }

    /** The person's id. */
    public String id() {
        return profile.id();
    }

    /** Why these records are one person, one line per merge. */
    public List<String> explain() {
        return links.stream().map(MergeLink::explain).toList();
    }
}
