package io.recall.examples.webhook;

import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.Variable;
import io.recall.delivery.DeliveryPipeline;
import io.recall.delivery.DeliveryPolicy;
import io.recall.delivery.DeliveryReason;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboundMessage;
import io.recall.delivery.OutboxEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook adapter inside the delivery pipeline: its answers drive the pipeline's retries and suppression. */
class WebhookPipelineTest {

    private static final WebhookSecret SECRET = WebhookSecret.of("pipeline-secret-of-24-byte".getBytes());
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

    private static OutboundMessage outbound(URI endpoint, String id) {
        return OutboundMessage.of("customer-" + id, ZoneId.of("Europe/London"), Message.newBuilder().id(id)
                .idempotencyKey("key-" + id).recipient(new Address.Webhook(endpoint)).templateId("order-shipped")
                .locale(Locale.ENGLISH).purpose(Purpose.SERVICE).variable("order", new Variable.Text("O-1")).build());
    }

    @Test
    void aServerErrorIsRetriedNoSoonerThanTheScheduleWithTheSameWebhookId() throws IOException {
        try (LoopbackWebhookReceiver receiver = new LoopbackWebhookReceiver(List.of(SECRET), true);
             WebhookAdapter adapter = WebhookAdapter.create(AdapterContext.defaults().withSettings(Map.of(
                     "secrets", SECRET.encoded(), "requestTimeoutMillis", "2000")))) {
            // The pipeline's own backoff (1 s) is shorter than the webhook schedule's first delay (5 s): the longer wins.
            DeliveryPipeline pipeline = DeliveryPipeline.newBuilder().adapter(adapter).random(new Random(7))
                    .policy(DeliveryPolicy.newBuilder().backoff(Duration.ofSeconds(1), Duration.ofHours(1)).maxAttempts(5)
                            .build()).build();
            URI endpoint = receiver.endpoint("orders");
            receiver.answer(endpoint, 503, "");
            assertTrue(pipeline.enqueue(outbound(endpoint, "m1"), T0));
            pipeline.dispatch(T0);
            OutboxEntry afterFailure = pipeline.outbox().find("m1").orElseThrow();
            assertEquals(DeliveryState.QUEUED, afterFailure.state());
            assertEquals(DeliveryReason.RETRY, afterFailure.reason());
            assertFalse(afterFailure.dueAt().isBefore(T0.plusSeconds(5)), afterFailure.dueAt().toString());

            receiver.answer(endpoint, 200, "");
            assertEquals(0, pipeline.dispatch(T0.plusSeconds(2)).claimed(), "not due yet");
            pipeline.dispatch(afterFailure.dueAt());
            assertEquals(DeliveryState.SENT, pipeline.outbox().find("m1").orElseThrow().state());
            assertEquals(List.of("key-m1", "key-m1"), receiver.requests().stream().map(r -> r.header("webhook-id")).toList());
            assertTrue(pipeline.reconcile().balances());
        }
    }

    @Test
    void aGoneEndpointEndsTheMessageAndIsSuppressed() throws IOException {
        try (LoopbackWebhookReceiver receiver = new LoopbackWebhookReceiver(List.of(SECRET), true);
             WebhookAdapter adapter = WebhookAdapter.create(AdapterContext.defaults().withSettings(Map.of(
                     "secrets", SECRET.encoded())))) {
            DeliveryPipeline pipeline = DeliveryPipeline.newBuilder().adapter(adapter).build();
            URI endpoint = receiver.endpoint("left-the-group");
            receiver.answer(endpoint, 410, "");
            pipeline.enqueue(outbound(endpoint, "g1"), T0);
            pipeline.dispatch(T0);
            OutboxEntry entry = pipeline.outbox().find("g1").orElseThrow();
            assertEquals(DeliveryState.DEAD_LETTERED, entry.state(), "a permanent refusal with no fallback channel");
            pipeline.enqueue(outbound(endpoint, "g2"), T0.plusSeconds(60));
            pipeline.dispatch(T0.plusSeconds(60));
            assertEquals(DeliveryState.SUPPRESSED, pipeline.outbox().find("g2").orElseThrow().state());
            assertEquals(1, receiver.requests().size(), "nothing more reached the endpoint");
        }
    }
}
