package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two workers, one customer, a cap of one e-mail a day: both workers reach the cap at the same moment (a
 * barrier in front of the store), and only one of them may send. Checking the count and recording the send
 * separately let both through; the atomic {@link FrequencyStore#tryAcquire} lets one.
 */
class FrequencyCapRaceTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

    static Stream<Supplier<StoreContractTest.Stores>> stores() {
        return StoreContractTest.stores();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void twoWorkersReachingTheCapTogetherSendOnlyOnce(Supplier<StoreContractTest.Stores> s) throws Exception {
        StoreContractTest.Stores stores = s.get();
        FrequencyStore racing = bothWorkersAtOnce(stores.frequency());
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> FaultyAdapter.Fault.ACCEPT);
        DeliveryPipeline.Builder b = DeliveryPipeline.newBuilder().outbox(stores.outbox())
                .suppressions(stores.suppressions()).consents(stores.consents()).frequency(racing).adapter(mail)
                .policy(DeliveryPolicy.newBuilder().claimLimit(1)
                        .frequencyCap(FrequencyCap.perChannel(Channel.EMAIL, 1, Duration.ofDays(1))).build());
        DeliveryPipeline w1 = b.workerId("w1").build();
        DeliveryPipeline w2 = b.workerId("w2").build();
        Fixtures.grantAll(w1.consents(), "c1", T0.minusSeconds(60));
        w1.enqueue(new OutboundMessage("c1", ZoneId.of("UTC"), List.of(Fixtures.email("m1", "c1", Purpose.MARKETING))), T0);
        w1.enqueue(new OutboundMessage("c1", ZoneId.of("UTC"), List.of(Fixtures.email("m2", "c1", Purpose.MARKETING))), T0);
        CompletableFuture<DispatchReport> a = CompletableFuture.supplyAsync(() -> w1.dispatch(T0));
        CompletableFuture<DispatchReport> c = CompletableFuture.supplyAsync(() -> w2.dispatch(T0));
        a.get(60, TimeUnit.SECONDS);
        c.get(60, TimeUnit.SECONDS);
        assertEquals(1, mail.calls().size(), "cap of 1 e-mail a day, but the provider got " + mail.calls().size()
                + "; " + w1.reconcile());
        assertEquals(1, stores.frequency().sendsSince("c1", Optional.of(Channel.EMAIL), T0).size(),
                "the deferred message's count was not kept");
    }

    /** A store whose cap checks wait until both workers have arrived, so they race for real. */
    private static FrequencyStore bothWorkersAtOnce(FrequencyStore real) {
        CyclicBarrier bothArrived = new CyclicBarrier(2);
        return new FrequencyStore() {
            private void meet() {
                try {
                    bothArrived.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other worker never reached the cap check", e);
                }
            }

            @Override
            public void record(String entryId, String customerId, Channel channel, Instant at) {
                real.record(entryId, customerId, channel, at);
            }

            @Override
            public void release(String entryId) {
                real.release(entryId);
            }

            @Override
            public List<CountedSend> sendsSince(String customerId, Optional<Channel> channel, Instant since) {
                meet(); // a pipeline that reads the count to decide meets the other worker here
                return real.sendsSince(customerId, channel, since);
            }

            @Override
            public Optional<Instant> tryAcquire(String entryId, String customerId, Channel channel, Instant now,
                                                List<FrequencyCap> caps) {
                meet();
                return real.tryAcquire(entryId, customerId, channel, now, caps);
            }
        };
    }
}
