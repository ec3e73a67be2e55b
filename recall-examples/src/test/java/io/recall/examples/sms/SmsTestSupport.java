package io.recall.examples.sms;

import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.DeliveryEventListener;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.RenderResult;
import io.recall.channels.TemplateRenderer;
import io.recall.channels.Variable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Shared pieces of the SMS and push adapter tests: a renderer, messages, an event recorder, waiting. */
public final class SmsTestSupport {

    /** The instant of the fixed clock the tests hand adapters. */
    public static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private static final AtomicInteger IDS = new AtomicInteger();

    private SmsTestSupport() {
    }

    /** Renders template "raw": the variable {@code text} as the text (and {@code title} as the title, if set). */
    public static final TemplateRenderer RAW = message -> {
        Variable text = message.variables().get("text");
        if (!(text instanceof Variable.Text t)) {
            return RenderResult.failed(RenderResult.Problem.missingVariable(message.templateId(), "text"));
        }
        Variable title = message.variables().get("title");
        return title instanceof Variable.Text tt
                ? RenderResult.of(Map.of(RenderResult.Rendered.TEXT, t.value(), RenderResult.Rendered.TITLE, tt.value()))
                : RenderResult.of(Map.of(RenderResult.Rendered.TEXT, t.value()));
    };

    /** A message to {@code to} whose text is {@code text}. */
    public static Message message(Address to, String text) {
        int n = IDS.incrementAndGet();
        return Message.newBuilder().id("m-" + n).idempotencyKey("key-" + n).recipient(to).templateId("raw")
                .locale(Locale.ENGLISH).purpose(Purpose.MARKETING).variable("text", new Variable.Text(text)).build();
    }

    /** Waits (up to 10 s, failing the test after) until {@code condition} holds. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** Keeps every event it is given. */
    public static final class Events implements DeliveryEventListener {

        private final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(DeliveryEvent event) {
            events.add(event);
        }

        public List<DeliveryEvent> all() {
            return List.copyOf(events);
        }

        /** The first event matching, waiting for it. */
        public DeliveryEvent await(String what, Predicate<DeliveryEvent> matching) {
            SmsTestSupport.await(what, () -> events.stream().anyMatch(matching));
            return events.stream().filter(matching).findFirst().orElseThrow();
        }

        public Optional<DeliveryEvent> find(Predicate<DeliveryEvent> matching) {
            return events.stream().filter(matching).findFirst();
        }
    }
}
