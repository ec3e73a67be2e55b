package io.recall.incentive;

import io.recall.model.Money;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;

import java.time.ZoneId;
import java.util.Set;

/** Customer facts for tests. */
final class Facts {

    private Facts() {
    }

    static CustomerFacts of(String id, String segment, int r, int f, int m, String basket) {
        RfmMetrics metrics = new RfmMetrics(id, 10, 4, Money.of("400.00", "GBP"), 400);
        CustomerFacts facts = CustomerFacts.ofRfm(segment, new RfmScore(r, f, m), metrics, true, Set.of("email"),
                ZoneId.of("Europe/London"));
        return new CustomerFacts(id, segment, facts.score(), metrics, Money.of(basket, "GBP"), facts.tier(), 0, 0,
                java.util.Map.of(), Set.of("email"), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.List.of(), ZoneId.of("Europe/London"));
    }
}
