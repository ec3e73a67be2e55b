package io.recall.channels;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbstractChannelAdapterTest {

    /** Accepts everything, recording the chunks it was handed. */
    static final class Recording extends AbstractChannelAdapter {
        final List<List<Message>> chunks = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger closes = new AtomicInteger();

        Recording(Capabilities capabilities, AdapterContext context) {
            super(capabilities, context);
        }

        @Override
        protected SendResult doSend(Outgoing outgoing) {
            chunks.add(List.of(outgoing.message()));
            return SendResult.accepted("p-" + outgoing.message().id());
        }

        @Override
        protected List<SendResult> doSendBatch(List<Outgoing> batch) {
            chunks.add(batch.stream().map(Outgoing::message).collect(Collectors.toList()));
            return batch.stream().map(o -> (SendResult) SendResult.accepted("p-" + o.message().id()))
                    .collect(Collectors.toList());
        }

        @Override
        protected void doClose() {
            closes.incrementAndGet();
        }

        void emit(DeliveryEvent event) {
            report(event);
        }
    }

    private static final TemplateRenderer NEEDS_FIRST_NAME = m -> m.variables().containsKey("firstName")
            ? RenderResult.of(Map.of("text", "Hello " + ((Variable.Text) m.variables().get("firstName")).value()))
            : RenderResult.failed(RenderResult.Problem.missingVariable(m.templateId(), "firstName"));

    private static Message message(int i) {
        return MessageTest.valid().id("m-" + i).idempotencyKey("k-" + i).build();
    }

    @Test
    void splitsBatchesByMaxBatchAndKeepsOrder() {
        Recording adapter = new Recording(Capabilities.of(Channel.EMAIL).withMaxBatch(3),
                AdapterContext.defaults().withRenderer(NEEDS_FIRST_NAME));
        List<Message> messages = IntStream.range(0, 7).mapToObj(AbstractChannelAdapterTest::message)
                .collect(Collectors.toList());
        List<SendResult> results = adapter.sendBatch(messages);
        assertEquals(List.of(3, 3, 1), adapter.chunks.stream().map(List::size).collect(Collectors.toList()));
        for (int i = 0; i < 7; i++) {
            assertEquals(SendResult.accepted("p-m-" + i), results.get(i));
        }
    }

    @Test
    void undeclaredChannelsAndRenderFailuresArePermanentAndNeverReachDoSend() {
        Recording adapter = new Recording(Capabilities.of(Channel.EMAIL).withMaxBatch(10),
                AdapterContext.defaults().withRenderer(NEEDS_FIRST_NAME));
        Message sms = message(1).toBuilder().recipient(new Address.Phone("+8613800138000")).build();
        Message unrenderable = message(2).toBuilder().removeVariable("firstName").build();
        List<SendResult> results = adapter.sendBatch(List.of(message(0), sms, unrenderable, message(3)));
        assertEquals(List.of(SendResult.Kind.ACCEPTED, SendResult.Kind.PERMANENT, SendResult.Kind.PERMANENT,
                SendResult.Kind.ACCEPTED), results.stream().map(SendResult::kind).collect(Collectors.toList()));
        assertTrue(((SendResult.Permanent) results.get(1)).reason().contains("channel 'sms' is not served"));
        assertEquals("cannot render: missing variable 'firstName' in template 'winback-1'",
                ((SendResult.Permanent) results.get(2)).reason());
        assertEquals(List.of(List.of(message(0), message(3))), adapter.chunks);
    }

    @Test
    void aThrowingRendererFailsOnlyItsMessage() {
        Recording adapter = new Recording(Capabilities.of(Channel.EMAIL), AdapterContext.defaults().withRenderer(m -> {
            throw new IllegalStateException("template cache not loaded");
        }));
        SendResult result = adapter.send(message(0));
        assertTrue(result instanceof SendResult.Permanent p && p.reason().contains("template cache not loaded"), result.toString());
    }

    @Test
    void providerOrNoRenderingSkipsTheRenderer() {
        Recording adapter = new Recording(Capabilities.of(Channel.EMAIL).withRendering(Capabilities.Rendering.PROVIDER),
                AdapterContext.defaults());
        assertEquals(SendResult.Kind.ACCEPTED, adapter.send(message(0)).kind());
    }

    @Test
    void closeIsIdempotentAndLaterSendsAreMisuse() {
        Recording adapter = new Recording(Capabilities.of(Channel.EMAIL), AdapterContext.defaults()
                .withRenderer(NEEDS_FIRST_NAME));
        adapter.close();
        adapter.close();
        assertEquals(1, adapter.closes.get());
        assertThrows(IllegalStateException.class, () -> adapter.send(message(0)));
        assertThrows(NullPointerException.class, () -> adapter.send(null));
        assertThrows(NullPointerException.class, () -> adapter.sendBatch(Arrays.asList(message(0), null)));
    }

    @Test
    void aWrongNumberOfBatchResultsIsABugReportedAsSuch() {
        AbstractChannelAdapter adapter = new AbstractChannelAdapter(Capabilities.of(Channel.EMAIL).withMaxBatch(5)
                .withRendering(Capabilities.Rendering.NONE), AdapterContext.defaults()) {
            @Override
            protected SendResult doSend(Outgoing outgoing) {
                return SendResult.accepted("x");
            }

            @Override
            protected List<SendResult> doSendBatch(List<Outgoing> batch) {
                return List.of(SendResult.accepted("x"));
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> adapter.sendBatch(List.of(message(0), message(1))));
        assertTrue(e.getMessage().contains("answered 1 results for 2 messages"), e.getMessage());
    }

    @Test
    void aThrowingListenerDoesNotReachTheAdapter() {
        List<DeliveryEvent> seen = new CopyOnWriteArrayList<>();
        Recording adapter = new Recording(Capabilities.of(Channel.EMAIL), AdapterContext.defaults().withEvents(e -> {
            seen.add(e);
            throw new IllegalStateException("listener bug");
        }));
        DeliveryEvent event = DeliveryEvent.about(DeliveryEvent.Type.DELIVERED, message(0), Instant.EPOCH);
        adapter.emit(event);
        adapter.emit(event);
        assertEquals(List.of(event, event), seen);
    }

    @Test
    void forwardingHandsEverythingOn() {
        Recording inner = new Recording(Capabilities.of(Channel.EMAIL).withRendering(Capabilities.Rendering.NONE),
                AdapterContext.defaults());
        ChannelAdapter outer = new ForwardingChannelAdapter(inner) {
        };
        assertEquals(inner.capabilities(), outer.capabilities());
        assertEquals(SendResult.accepted("p-m-0"), outer.send(message(0)));
        assertEquals(List.of(SendResult.accepted("p-m-1")), outer.sendBatch(List.of(message(1))));
        outer.close();
        assertEquals(1, inner.closes.get());
        assertFalse(inner.chunks.isEmpty());
    }
}
