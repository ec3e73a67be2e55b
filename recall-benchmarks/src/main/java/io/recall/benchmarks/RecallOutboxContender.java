package io.recall.benchmarks;

import io.recall.channels.Address;
import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.ChannelAdapter;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.SendResult;
import io.recall.delivery.DeliveryPipeline;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.JdbcStores;
import io.recall.delivery.OutboundMessage;
import io.recall.delivery.Reconciliation;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Recall's JDBC outbox: {@link JdbcStores#enqueue} on the host's connection, one transaction per message,
 * then {@link DeliveryPipeline#dispatch} rounds (every policy runs: consent, suppression, key reservation,
 * consent again at send time) to a no-op e-mail adapter, one message per request.
 */
final class RecallOutboxContender implements OutboxContender {

    private final DataSource ds;
    private final DeliveryPipeline pipeline;
    private final NoOpAdapter adapter = new NoOpAdapter();
    private long enqueued;

    RecallOutboxContender(DataSource ds) {
        this.ds = ds;
        JdbcStores stores = JdbcStores.migrate(ds, Instant.now());
        this.pipeline = DeliveryPipeline.newBuilder().outbox(stores.outbox()).suppressions(stores.suppressions())
                .consents(stores.consents()).frequency(stores.frequency()).rateLimiter(stores.rateLimiter())
                .adapter(adapter).workerId("bench").build();
    }

    @Override
    public void enqueueAndDeliver(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            String id = "m" + (enqueued++);
            Message m = Message.newBuilder().id(id).idempotencyKey(id).recipient(new Address.Email(id + "@example.com"))
                    .templateId("winback").locale(Locale.ENGLISH).purpose(Purpose.SERVICE).build();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                JdbcStores.enqueue(c, OutboundMessage.of("c-" + id, ZoneId.of("UTC"), m), Instant.now());
                c.commit();
            }
        }
        while (adapter.sent < enqueued) {
            pipeline.dispatch(Instant.now());
        }
    }

    @Override
    public String verify() {
        Reconciliation r = pipeline.reconcile();
        if (!r.balances() || r.enqueued() != enqueued || r.count(DeliveryState.SENT) != enqueued
                || adapter.keys.size() != enqueued || adapter.sent != enqueued) {
            throw new IllegalStateException("recall lost or doubled messages: enqueued " + enqueued + ", adapter got "
                    + adapter.sent + " (" + adapter.keys.size() + " distinct), " + r);
        }
        return "recall: " + enqueued + " enqueued, " + adapter.sent + " sent, 0 lost, 0 duplicate";
    }

    @Override
    public void close() {
    }

    /** Accepts everything at once. */
    private static final class NoOpAdapter implements ChannelAdapter {
        // Answers at once, so it declares a short longest request: a round's lease then covers the whole claim.
        private final Capabilities caps = Capabilities.of(Channel.EMAIL).withProviderDeduplication(true)
                .withMaxSendDuration(java.time.Duration.ofSeconds(1));
        private final Set<String> keys = new HashSet<>();
        private long sent;

        @Override
        public Capabilities capabilities() {
            return caps;
        }

        @Override
        public SendResult send(Message message) {
            sent++;
            keys.add(message.idempotencyKey());
            return SendResult.accepted(message.idempotencyKey());
        }

        @Override
        public void close() {
        }
    }
}
