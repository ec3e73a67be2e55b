package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.delivery.FaultyAdapter.Fault;
import io.recall.testing.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static io.recall.delivery.Fixtures.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A round over the JDBC stores of one database, where the key reservation, the consent read at send time and
 * the attempt record are one statement (PostgreSQL) or one transaction (H2) per group of messages, and
 * accepted sends' SENT states ride along with the next group: the guarantees of the call-by-call path hold.
 * {@link AttemptGroupTest} counts the database work per message (counted, not timed).
 */
class JdbcRoundTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static DataSource database(String name) {
        return Databases.pooled(name.equals("h2") ? Databases.h2() : Databases.postgres());
    }

    private static DeliveryPipeline pipeline(JdbcStores stores, String worker, FaultyAdapter adapter) {
        return DeliveryPipeline.newBuilder().outbox(stores.outbox()).consents(stores.consents())
                .suppressions(stores.suppressions()).frequency(stores.frequency()).adapter(adapter).workerId(worker)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aWithdrawalAppendedWhileTheRoundSendsStopsTheLaterMessages(String db) {
        JdbcStores stores = JdbcStores.migrate(database(db), T0);
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false),
                m -> m.id().equals("m1") ? Fault.SLOW : Fault.ACCEPT);
        DeliveryPipeline p = pipeline(stores, "w1", mail);
        Fixtures.grantAll(p.consents(), "c2", T0.minusSeconds(60));
        p.enqueue(OutboundMessage.of("c1", UTC, email("m1", "c1", Purpose.SERVICE)), T0);
        p.enqueue(OutboundMessage.of("c2", UTC, email("m2", "c2", Purpose.MARKETING)), T0);
        p.enqueue(OutboundMessage.of("c3", UTC, email("m3", "c3", Purpose.SERVICE)), T0);
        // During m1's request, c2 withdraws, stamped after the round's "now" (the host's clock lags).
        mail.duringSlowSend = () -> p.consents().append(ConsentEntry.withdrawn("c2", Channel.EMAIL, Purpose.MARKETING,
                T0.plusSeconds(5), "v1", "unsubscribe link"));
        DispatchReport report = p.dispatch(T0);
        assertEquals(List.of("m1-email", "m3-email"), mail.calls());
        OutboxEntry m2 = p.outbox().find("m2").orElseThrow();
        assertEquals(DeliveryState.SUPPRESSED, m2.state());
        assertEquals(DeliveryReason.CONSENT_WITHDRAWN, m2.reason());
        assertEquals(0, m2.totalAttempts(), "no attempt is recorded for a send stopped at the last moment");
        assertEquals(DeliveryState.SENT, p.outbox().find("m1").orElseThrow().state(), "m1's outcome is written too");
        assertEquals(DeliveryState.SENT, p.outbox().find("m3").orElseThrow().state());
        assertEquals(2, report.moved().get(DeliveryState.SENT));
        assertTrue(p.frequency().sendsSince("c2", java.util.Optional.empty(), T0.minusSeconds(1)).isEmpty(),
                "a send stopped at the last moment is not counted against the caps");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theRoundsBatchedReadsApplyConsentAsOfNowAndSuppressionsInAnyCase(String db) {
        JdbcStores stores = JdbcStores.migrate(database(db), T0);
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false), m -> Fault.ACCEPT);
        DeliveryPipeline p = pipeline(stores, "w1", mail);
        Fixtures.grantAll(p.consents(), "granted", T0.minusSeconds(60));
        Fixtures.grantAll(p.consents(), "later", T0.plusSeconds(60)); // not yet in force at the round's "now"
        Fixtures.grantAll(p.consents(), "bounced", T0.minusSeconds(60));
        p.suppressions().suppress(new Suppression(new io.recall.channels.Address.Email("BOUNCED@example.com"),
                Suppression.Reason.INVALID_ADDRESS, T0.minusSeconds(30), "earlier bounce"));
        for (String customer : List.of("granted", "later", "bounced")) {
            p.enqueue(OutboundMessage.of(customer, UTC, email("m-" + customer, customer, Purpose.MARKETING)), T0);
        }
        p.dispatch(T0);
        assertEquals(List.of("m-granted-email"), mail.calls());
        assertEquals(DeliveryReason.NO_CONSENT, p.outbox().find("m-later").orElseThrow().reason());
        assertEquals(DeliveryReason.SUPPRESSED_ADDRESS, p.outbox().find("m-bounced").orElseThrow().reason());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aKeyAnotherMessageHoldsIsNeverSentAndARetryKeepsItsOwnKey(String db) {
        JdbcStores stores = JdbcStores.migrate(database(db), T0);
        int[] m3Calls = {0};
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, true),
                m -> m.id().equals("m3") && m3Calls[0]++ == 0 ? Fault.SERVER_ERROR : Fault.ACCEPT);
        DeliveryPipeline p = pipeline(stores, "w1", mail);
        Message first = email("m1", "c1", Purpose.SERVICE);
        p.enqueue(OutboundMessage.of("c1", UTC, first), T0);
        p.enqueue(OutboundMessage.of("c1", UTC, first.toBuilder().id("m2").build()), T0);
        p.enqueue(OutboundMessage.of("c3", UTC, email("m3", "c3", Purpose.SERVICE)), T0);
        p.dispatch(T0);
        Instant retry = p.outbox().find("m3").orElseThrow().dueAt();
        p.dispatch(retry);
        assertEquals(List.of("m1-email", "m3-email", "m3-email"), mail.calls());
        Reconciliation r = p.reconcile();
        assertEquals(2, r.count(DeliveryState.SENT), r::toString);
        assertEquals(1, r.count(DeliveryState.SUPPRESSED, DeliveryReason.DUPLICATE), r::toString);
        assertEquals("m1", p.outbox().findByIdempotencyKey(Channel.EMAIL, "m1-email").orElseThrow().id());
        assertEquals(2, p.outbox().find("m3").orElseThrow().totalAttempts());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aWorkerThatLostItsLeasesMidRoundWritesNothingOverTheNewOwner(String db) {
        JdbcStores stores = JdbcStores.migrate(database(db), T0);
        DeliveryPolicy policy = DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(1)).build();
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, true)
                .withMaxSendDuration(Duration.ofSeconds(1)), m -> m.id().equals("m1") ? Fault.SLOW : Fault.ACCEPT);
        DeliveryPipeline slow = DeliveryPipeline.newBuilder().outbox(stores.outbox()).consents(stores.consents())
                .suppressions(stores.suppressions()).frequency(stores.frequency()).policy(policy).adapter(mail)
                .workerId("slow").build();
        FaultyAdapter other = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, true)
                .withMaxSendDuration(Duration.ofSeconds(1)), m -> Fault.ACCEPT);
        DeliveryPipeline next = DeliveryPipeline.newBuilder().outbox(stores.outbox()).consents(stores.consents())
                .suppressions(stores.suppressions()).frequency(stores.frequency()).policy(policy).adapter(other)
                .workerId("next").build();
        slow.enqueue(OutboundMessage.of("c1", UTC, email("m1", "c1", Purpose.SERVICE)), T0);
        slow.enqueue(OutboundMessage.of("c2", UTC, email("m2", "c2", Purpose.SERVICE)), T0);
        // While m1's request hangs, the leases run out and the next worker takes both messages over.
        DispatchReport[] taken = new DispatchReport[1];
        mail.duringSlowSend = () -> taken[0] = next.dispatch(T0.plus(Duration.ofMinutes(2)));
        DispatchReport report = slow.dispatch(T0);
        assertEquals(2, taken[0].released());
        assertEquals(List.of("m1-email"), mail.calls(), "the slow worker sends nothing after losing its lease");
        assertEquals(List.of("m1-email", "m2-email"), other.calls(), "m1 resent with its key: unanswered before");
        assertEquals(2, report.moved().get(DeliveryState.IN_FLIGHT), "both handed over: " + report);
        for (String id : List.of("m1", "m2")) {
            assertEquals(DeliveryState.SENT, stores.outbox().find(id).orElseThrow().state(), id);
        }
    }

    /** Counts statements and commits (explicit, or writes in auto-commit mode) through a data source. */
    static final class Counter {
        final AtomicLong statements = new AtomicLong();
        final AtomicLong commits = new AtomicLong();
        private static final Pattern WRITE = Pattern.compile("\\b(INSERT|UPDATE|DELETE|MERGE)\\b");

        void reset() {
            statements.set(0);
            commits.set(0);
        }

        DataSource wrap(DataSource target) {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        Object result = invoke(target, method, args);
                        return result instanceof Connection c ? connection(c) : result;
                    });
        }

        private Connection connection(Connection c) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("commit")) {
                            commits.incrementAndGet();
                        }
                        Object result = invoke(c, method, args);
                        if (result instanceof Statement s) {
                            String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : "";
                            return statement(c, s, method.getReturnType(), sql);
                        }
                        return result;
                    });
        }

        private Object statement(Connection c, Statement s, Class<?> type, String prepared) {
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> {
                        if (method.getName().startsWith("execute")) {
                            statements.incrementAndGet();
                            String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : prepared;
                            if (c.getAutoCommit() && WRITE.matcher(sql.toUpperCase(Locale.ROOT)
                                    .replace("FOR UPDATE", "")).find()) {
                                commits.incrementAndGet();
                            }
                        }
                        return invoke(s, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
