package io.recall.identity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of resolving a set of records: the people, and every contact value that was not used.
 *
 * @param customers  the resolved people, sorted by id
 * @param rejections contact values not used for matching, with reasons
 */
public record Resolution(List<ResolvedCustomer> customers, List<ContactRejection> rejections) {

    /** Copies. */
    public Resolution {
        customers = List.copyOf(customers);
        rejections = List.copyOf(rejections);
    }

    /** The id of the person a source record belongs to, to re-key that source's orders. */
    public Optional<String> customerIdOf(String source, String recordId) {
        return Optional.ofNullable(index().get(source + ":" + Objects.requireNonNull(recordId, "recordId")));
    }

    /** Record key ({@code source:id}), or alias, to person id, for bulk re-keying. */
    public Map<String, String> index() {
        Map<String, String> index = new HashMap<>();
        for (ResolvedCustomer customer : customers) {
            customer.records().forEach(r -> index.put(r, customer.id()));
            customer.aliases().forEach(a -> index.put(a, customer.id()));
        }
        return index;
    }
}
