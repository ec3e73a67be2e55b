package io.recall.campaign;

import io.recall.delivery.OutboxStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CampaignRunnerProperties {

    record Person(String id, String segment, int recency, boolean contact) { }

    @Provide
    Arbitrary<List<Person>> people() {
        return Combinators.combine(Arbitraries.of("important-value", "general", "other"),
                        Arbitraries.integers().between(0, 400), Arbitraries.of(true, true, true, false))
                .as((s, r, c) -> new Object[]{s, r, c}).list().ofMaxSize(60)
                .map(list -> {
                    List<Person> out = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        Object[] p = list.get(i);
                        out.add(new Person("p" + i, (String) p[0], (Integer) p[1], (Boolean) p[2]));
                    }
                    return out;
                });
    }

    @Property(tries = 60)
    void countsReconcileSharesAreExactAndASecondRunEnqueuesNothing(@ForAll("people") List<Person> people,
                                                                   @ForAll("shares") BigDecimal share) {
        Campaign campaign = Fixtures.winBack("prop").holdout(share).build();
        assertEquals(Optional.empty(), campaign.incentives());
        List<Candidate> candidates = new ArrayList<>();
        for (Person p : people) {
            candidates.add(new Candidate(Fixtures.classified(p.id(), p.segment(), p.recency()),
                    p.contact() ? Optional.of(Fixtures.reachable(p.id(), Fixtures.LONDON)) : Optional.empty(),
                    Optional.empty()));
        }
        OutboxStore outbox = OutboxStore.inMemory();
        CampaignRunner runner = CampaignRunner.newBuilder().outbox(outbox)
                .clock(Clock.fixed(CampaignRunnerTest.NOW, ZoneOffset.UTC)).build();
        // No rule set named, so no engine is needed.
        Campaign noOffers = campaign;
        CampaignRecord r = runner.run(noOffers, candidates);
        assertEquals(people.size(), r.considered());
        assertEquals(r.considered(), r.targeted() + r.heldOut() + r.excluded());
        for (String segment : noOffers.segments()) {
            long eligible = r.outcomes().stream().filter(o -> o.segmentId().equals(segment) && o.exclusion().isEmpty()).count();
            long held = r.outcomes().stream().filter(o -> o.segmentId().equals(segment)
                    && o.status() == CustomerOutcome.Status.HELD_OUT).count();
            assertEquals(Holdout.heldOutCount((int) eligible, share), held, segment);
        }
        assertEquals(r.targeted(), r.enqueued());
        assertEquals(0, runner.run(noOffers, candidates).enqueued());
    }

    @Provide
    Arbitrary<BigDecimal> shares() {
        return Arbitraries.of("0", "0.1", "0.25", "0.333", "0.5").map(BigDecimal::new);
    }
}
