package io.recall.delivery;

import io.recall.delivery.FaultyAdapter.Fault;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.ZoneId;
import java.util.List;

/** The pipeline's fault invariants again, with every store on embedded H2 through plain java.sql. */
class JdbcDeliveryProperties {

    @Property(tries = 40)
    void randomFaultsOnH2ReconcileNeverDoubleSendAndEveryMessageEnds(
            @ForAll @Size(min = 1, max = 12) List<Fault> emailFaults,
            @ForAll @Size(min = 1, max = 12) List<Fault> smsFaults,
            @ForAll boolean emailDeduplicates, @ForAll boolean smsDeduplicates,
            @ForAll @IntRange(min = 1, max = 15) int messages,
            @ForAll @IntRange(min = 1, max = 4) int maxBatch, @ForAll long seed) {
        JdbcStores h2 = H2.stores();
        DeliveryPipeline.Builder stores = DeliveryPipeline.newBuilder().outbox(h2.outbox())
                .suppressions(h2.suppressions()).consents(h2.consents()).frequency(h2.frequency());
        DeliveryProperties.faultScenario(stores, emailFaults, smsFaults, emailDeduplicates, smsDeduplicates, messages,
                ZoneId.of("Europe/London"), maxBatch, seed);
    }
}
