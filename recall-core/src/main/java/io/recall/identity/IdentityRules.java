package io.recall.identity;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How records are matched and merged.
 *
 * @param keys           the match keys in use
 * @param sourcePriority sources from most to least trusted; a field comes from the most trusted source
 *                       that has it, then the most recent; unlisted sources come after, equally trusted
 * @param blocklist      contact values that never link records, written as any source writes them
 *                       (a store's own phone number typed in for walk-in customers, {@code noemail@shop.com})
 * @param phones         turns phone numbers into E.164
 * @param defaultRegion  the region national phone numbers are read in (e.g. {@code GB}), if any
 */
public record IdentityRules(Set<MatchKey> keys, List<String> sourcePriority, Set<String> blocklist,
                            PhoneNormalizer phones, Optional<String> defaultRegion) {

    /** Validates and copies. */
    public IdentityRules {
        keys = Set.copyOf(keys);
        sourcePriority = List.copyOf(sourcePriority);
        blocklist = Set.copyOf(blocklist);
        Objects.requireNonNull(phones, "phones");
        Objects.requireNonNull(defaultRegion, "defaultRegion");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one match key is needed");
        }
        if (sourcePriority.stream().distinct().count() != sourcePriority.size()) {
            throw new IllegalArgumentException("source priority lists a source twice: " + sourcePriority);
        }
    }

    /** Every match key, no priority, no blocklist, E.164-only phones. */
    public static IdentityRules defaults() {
        return new IdentityRules(EnumSet.allOf(MatchKey.class), List.of(), Set.of(), PhoneNormalizer.E164_ONLY,
                Optional.empty());
    }

    /** These rules with only the given match keys. */
    public IdentityRules withKeys(Set<MatchKey> keys) {
        return new IdentityRules(keys, sourcePriority, blocklist, phones, defaultRegion);
    }

    /** These rules with a source priority, most trusted first. */
    public IdentityRules withSourcePriority(List<String> sources) {
        return new IdentityRules(keys, sources, blocklist, phones, defaultRegion);
    }

    /** These rules with a blocklist of shared contacts. */
    public IdentityRules withBlocklist(Set<String> values) {
        return new IdentityRules(keys, sourcePriority, values, phones, defaultRegion);
    }

    /** These rules with a phone normaliser and the region to read national numbers in. */
    public IdentityRules withPhones(PhoneNormalizer normalizer, Optional<String> region) {
        return new IdentityRules(keys, sourcePriority, blocklist, normalizer, region);
    }
}
