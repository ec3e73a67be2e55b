package io.recall.examples.audience;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An audience ready to upload: the members (hashed) and the customers left out, with why.
 *
 * @param destination the platform it is normalised for
 * @param considered  how many customers were considered
 * @param members     the exported members, in the candidates' order
 * @param exclusions  the customers left out, in the candidates' order
 */
public record AudienceList(AudienceDestination destination, int considered, List<AudienceMemberRow> members,
                           List<AudienceExclusion> exclusions) {

    /** Validates, copies, and checks that every customer considered is accounted for once. */
    public AudienceList {
        Objects.requireNonNull(destination, "destination");
        members = List.copyOf(members);
        exclusions = List.copyOf(exclusions);
        if (members.size() + exclusions.size() != considered) {
            throw new IllegalStateException(considered + " customers considered but " + members.size() + " listed and "
                    + exclusions.size() + " excluded");
        }
    }

    /** Customers left out, per reason (every reason present, zero included). */
    public Map<AudienceExclusion.Reason, Integer> excludedByReason() {
        Map<AudienceExclusion.Reason, Integer> counts = new EnumMap<>(AudienceExclusion.Reason.class);
        for (AudienceExclusion.Reason r : AudienceExclusion.Reason.values()) {
            counts.put(r, 0);
        }
        exclusions.forEach(e -> counts.merge(e.reason(), 1, Integer::sum));
        return counts;
    }
}
