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

    /**
     * A host whose pool defaults to REPEATABLE READ: a worker waiting for the customer's lock must not count from a
     * snapshot taken before the other worker recorded its send. Both workers are the real store; the first is held
     * inside its transaction, the lock taken, until the second waits for that lock.
     */
    @org.junit.jupiter.api.Test
    void underRepeatableReadAWorkerThatWaitedForTheLockSeesTheOtherWorkersSend() throws Exception {
        javax.sql.DataSource pg = io.recall.testing.Databases.pooled(io.recall.testing.Databases.postgres());
        JdbcStores.migrate(pg, T0);
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        FrequencyStore worker1 = new io.recall.delivery.internal.JdbcFrequencyStore(repeatableRead(pg, sql -> {
            if (sql.startsWith("INSERT INTO recall_frequency ")) {   // counting m1: the lock is held by now
                locked.countDown();
                await(go);
            }
        }), io.recall.delivery.internal.Dialect.POSTGRESQL);
        FrequencyStore worker2 = new io.recall.delivery.internal.JdbcFrequencyStore(repeatableRead(pg, sql -> { }),
                io.recall.delivery.internal.Dialect.POSTGRESQL);
        List<FrequencyCap> caps = List.of(FrequencyCap.perChannel(Channel.EMAIL, 1, Duration.ofDays(1)));
        CompletableFuture<Optional<Instant>> first = CompletableFuture.supplyAsync(
                () -> worker1.tryAcquire("m1", "c1", Channel.EMAIL, T0, caps));
        await(locked);
        CompletableFuture<Optional<Instant>> second = CompletableFuture.supplyAsync(
                () -> worker2.tryAcquire("m2", "c1", Channel.EMAIL, T0, caps));
        io.recall.testing.Databases.awaitLockWait(pg);
        go.countDown();
        assertEquals(Optional.empty(), first.get(30, TimeUnit.SECONDS));
        assertEquals(Optional.of(T0.plus(Duration.ofDays(1))), second.get(30, TimeUnit.SECONDS),
                "a cap of 1 a day, but m2 was counted beside m1");
        assertEquals(List.of("m1"), worker2.sendsSince("c1", Optional.of(Channel.EMAIL), T0.minusSeconds(1)).stream()
                .map(FrequencyStore.CountedSend::entryId).toList());
    }

    /** Connections at REPEATABLE READ, as a host's pool may hand out, telling {@code beforeExecute} each statement. */
    private static javax.sql.DataSource repeatableRead(javax.sql.DataSource ds,
                                                       java.util.function.Consumer<String> beforeExecute) {
        ClassLoader loader = FrequencyCapRaceTest.class.getClassLoader();
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(loader,
                new Class<?>[] {javax.sql.DataSource.class}, (p1, m1, a1) -> {
                    Object r1 = invoke(ds, m1, a1);
                    if (!(r1 instanceof java.sql.Connection c)) {
                        return r1;
                    }
                    c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
                    return java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {java.sql.Connection.class},
                            (p2, m2, a2) -> {
                                Object r2 = invoke(c, m2, a2);
                                if (!(r2 instanceof java.sql.PreparedStatement ps)) {
                                    return r2;
                                }
                                String sql = (String) a2[0];
                                return java.lang.reflect.Proxy.newProxyInstance(loader,
                                        new Class<?>[] {java.sql.PreparedStatement.class}, (p3, m3, a3) -> {
                                            if (m3.getName().startsWith("execute")) {
                                                beforeExecute.accept(sql);
                                            }
                                            return invoke(ps, m3, a3);
                                        });
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
