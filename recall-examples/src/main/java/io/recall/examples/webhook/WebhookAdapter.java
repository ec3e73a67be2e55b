package io.recall.examples.webhook;

import io.recall.channels.AbstractChannelAdapter;
import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.SendResult;
import io.recall.examples.webhook.internal.WebhookPayload;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends each message on {@link Channel#WEBHOOK} as one signed Standard Webhooks POST to its
 * {@link Address.Webhook} endpoint.
 *
 * <p>The body is JSON ({@code {"type", "timestamp", "data": {messageId, idempotencyKey, templateId, locale,
 * purpose, variables, metadata[, content]}}}); {@code webhook-id} is the message's idempotency key, so every
 * retry carries the same id and a receiver that deduplicates on it (as the specification asks) acts once.
 *
 * <p>Answers: 2xx is Accepted (provider id = the webhook id); 410 Gone disables the endpoint (reported as a
 * {@link DeliveryEvent.Type#HARD_BOUNCE} event, answered Permanent with suppression, and every later send to it is
 * Permanent without a request until {@link #enable(URI)}); 429 and 5xx are Retryable after the receiver's
 * {@code Retry-After} or else the next delay of the {@link WebhookRetrySchedule} for that message, and so is every other non-2xx (3xx, 401, 404, 408...;
 * Standard Webhooks retries all of them, and redirects are not followed) except 400, 413 and 422, which reject the
 * content itself and are Permanent without suppression; a refused connection is Retryable; a request
 * that left but got no answer in time is Unknown. The failures per message that pick the schedule's delay are
 * counted in memory by this adapter instance (the pipeline's message carries no attempt number), so after a
 * restart a message starts the schedule again; the pipeline's own backoff still applies, whichever is longer.
 *
 * <p>Settings: {@code secrets} (required: one or more {@code whsec_...}, space- or comma-separated, the current
 * first; all sign during a rotation), {@code connectTimeoutMillis} (5000), {@code requestTimeoutMillis} (15000, the
 * specification recommends 15 to 30 s), {@code eventType} ({@code recall.message}), {@code rendering}
 * ({@code provider}: the receiver renders by template id; {@code local}: the context's renderer fills
 * {@code data.content}) and {@code receiverDeduplicates} ({@code false}; say {@code true} only when every endpoint
 * deduplicates on {@code webhook-id}, so the pipeline may resend an Unknown). Thread-safe.
 */
public final class WebhookAdapter extends AbstractChannelAdapter {

    /** The most messages whose failures are remembered for the retry schedule; the oldest are forgotten first. */
    private static final int TRACKED_FAILURES = 100_000;

    private final WebhookSigner signer;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final String eventType;
    private final WebhookRetrySchedule schedule;
    private final Set<URI> disabled = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failures = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > TRACKED_FAILURES;
        }
    });

    private WebhookAdapter(Capabilities capabilities, AdapterContext context, WebhookSigner signer, Duration connect,
                           Duration request, String eventType, WebhookRetrySchedule schedule) {
        super(capabilities, context);
        this.signer = signer;
        this.requestTimeout = request;
        this.eventType = eventType;
        this.schedule = schedule;
        this.http = HttpClient.newBuilder().connectTimeout(connect).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Creates an adapter from the context's settings (see the class javadoc) with the standard retry schedule.
     *
     * @throws IllegalArgumentException if a setting is missing or bad, naming it
     */
    public static WebhookAdapter create(AdapterContext context) {
        return create(context, WebhookRetrySchedule.standard());
    }

    /** Creates an adapter with another retry schedule. */
    public static WebhookAdapter create(AdapterContext context, WebhookRetrySchedule schedule) {
        String secretsSetting = context.setting("secrets").filter(s -> !s.isBlank()).orElseThrow(() ->
                new IllegalArgumentException("setting 'secrets' is required: one or more whsec_... secrets, the"
                        + " current one first"));
        List<WebhookSecret> secrets = new ArrayList<>();
        String[] parts = secretsSetting.strip().split("[\\s,]+");
        for (int i = 0; i < parts.length; i++) {
            try {
                secrets.add(WebhookSecret.parse(parts[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("setting 'secrets', secret " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        Duration connect = millis(context, "connectTimeoutMillis", 5_000);
        Duration request = millis(context, "requestTimeoutMillis", 15_000);
        String rendering = context.setting("rendering").orElse("provider").toLowerCase(Locale.ROOT);
        Capabilities.Rendering mode = switch (rendering) {
            case "provider" -> Capabilities.Rendering.PROVIDER;
            case "local" -> Capabilities.Rendering.LOCAL;
            default -> throw new IllegalArgumentException("setting 'rendering' must be provider or local but was '"
                    + rendering + "'");
        };
        String dedup = context.setting("receiverDeduplicates").orElse("false");
        if (!dedup.equals("true") && !dedup.equals("false")) {
            throw new IllegalArgumentException("setting 'receiverDeduplicates' must be true or false but was '" + dedup + "'");
        }
        // The whole request (connect, write, wait for the status line) must fit: a second of slack for the JDK.
        Capabilities capabilities = Capabilities.of(Channel.WEBHOOK).withRendering(mode)
                .withProviderDeduplication(Boolean.parseBoolean(dedup))
                .withMaxSendDuration(connect.plus(request).plusSeconds(1));
        String type = context.setting("eventType").orElse("recall.message");
        return new WebhookAdapter(capabilities, context, WebhookSigner.of(secrets), connect, request, type,
                java.util.Objects.requireNonNull(schedule, "schedule"));
    }

    private static Duration millis(AdapterContext context, String name, long defaultValue) {
        String value = context.setting(name).orElse(Long.toString(defaultValue));
        try {
            long ms = Long.parseLong(value.strip());
            if (ms <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + name + "' must be a positive number of milliseconds but was '"
                    + value + "'");
        }
    }

    /** The endpoints disabled by a 410 Gone, which no longer receive anything. */
    public Set<URI> disabledEndpoints() {
        return Set.copyOf(disabled);
    }

    /** Sends to an endpoint again after its owner re-registered it. */
    public void enable(URI endpoint) {
        disabled.remove(java.util.Objects.requireNonNull(endpoint, "endpoint"));
    }

    @Override
    protected SendResult doSend(Outgoing outgoing) {
        var message = outgoing.message();
        URI endpoint = ((Address.Webhook) message.recipient()).endpoint();
        if (disabled.contains(endpoint)) {
            return SendResult.permanent("endpoint " + message.recipient() + " was disabled after it answered 410 Gone",
                    true);
        }
        String id = message.idempotencyKey();
        if (id.indexOf('.') >= 0) {
            return SendResult.permanent("idempotency key '" + id + "' contains '.', which Standard Webhooks forbids in"
                    + " webhook-id", false);
        }
        Instant now = context().clock().instant();
        byte[] body = WebhookPayload.of(eventType, message, outgoing.content(), now);
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("content-type", "application/json")
                .header(WebhookSigner.ID_HEADER, id)
                .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSigner.SIGNATURE_HEADER, signer.sign(id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        // Only the status matters, but an answer's body is read (and discarded) so the connection can carry the
        // next webhook: closing an unread body drops it, and over TLS a new handshake per webhook cost 14x. The
        // whole exchange stays bounded by the request timeout: a body that trickles or stalls is cut off there,
        // and the status, once its headers came, still decides.
        CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
        CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(request, info -> {
            head.complete(info);
            return HttpResponse.BodySubscribers.discarding();
        });
        try {
            HttpResponse<Void> response = exchange.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return classify(message, endpoint, id, response.statusCode(), response.headers());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return answered(head).map(info -> classify(message, endpoint, id, info.statusCode(), info.headers()))
                    .orElseGet(() -> SendResult.unknown("no answer within " + requestTimeout.toMillis()
                            + " ms after the request left"));
        } catch (ExecutionException e) {
            Optional<HttpResponse.ResponseInfo> info = answered(head);
            if (info.isPresent()) { // the status came; only reading the body after it failed
                return classify(message, endpoint, id, info.get().statusCode(), info.get().headers());
            }
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException
                    || cause instanceof UnresolvedAddressException || cause.getCause() instanceof ConnectException) {
                Throwable named = cause.getCause() instanceof ConnectException ? cause.getCause() : cause;
                return retry(id, "endpoint unreachable: " + named.getClass().getSimpleName(), Optional.empty());
            }
            if (cause instanceof HttpTimeoutException) {
                return SendResult.unknown("no answer within " + requestTimeout.toMillis() + " ms after the request left");
            }
            return SendResult.unknown("connection failed after the request may have left: "
                    + cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return SendResult.unknown("interrupted while waiting for the endpoint's answer");
        }
    }

    private static Optional<HttpResponse.ResponseInfo> answered(CompletableFuture<HttpResponse.ResponseInfo> head) {
        return Optional.ofNullable(head.getNow(null));
    }

    private SendResult classify(io.recall.channels.Message message, URI endpoint, String id, int status,
                                HttpHeaders headers) {
        if (status >= 200 && status < 300) {
            failures.remove(id);
            return SendResult.accepted(id);
        }
        if (status == 410) {
            failures.remove(id);
            disabled.add(endpoint);
            report(DeliveryEvent.about(DeliveryEvent.Type.HARD_BOUNCE, message, context().clock().instant())
                    .withProviderId(id).withDetail("status", "410").withDetail("reason", "endpoint-gone"));
            return SendResult.permanent("http 410 gone: endpoint " + message.recipient() + " disabled", true);
        }
        if (status == 400 || status == 413 || status == 422) {
            // Kept Permanent (without suppression): these reject the payload itself (malformed, too large,
            // unprocessable), so the identical signed body resent on the schedule can only get the same answer, and
            // the channel SPI's rule 3.5 (rejected content is Permanent, checked by the TCK) asks for it.
            failures.remove(id);
            return SendResult.permanent("http " + status + ": the receiver rejected the content", false);
        }
        // Standard Webhooks: every other non-2xx (3xx, 401, 404, 408, 429, 5xx...) is a failed attempt to retry on
        // the schedule: a misconfigured or briefly broken receiver must not lose the message. Only 410 stops.
        return retry(id, "http " + status + (status >= 300 && status < 400 ? " (redirects are not followed; update the"
                + " endpoint)" : ""), retryAfter(headers));
    }

    /** Retryable after the receiver's wait if it gave one, else the schedule's next delay for this message. */
    private SendResult retry(String id, String reason, Optional<Duration> asked) {
        int failed = failures.merge(id, 1, Integer::sum);
        Duration wait = asked.orElseGet(() -> schedule.delayAfter(failed));
        return SendResult.retryable(reason + " (failure " + failed + " of this message)", wait);
    }

    private Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> header = headers.firstValue("retry-after");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(context().clock().instant(), at);
                // An HTTP date has whole seconds: round up so we never come back early.
                return Optional.of(d.isNegative() ? Duration.ZERO : Duration.ofSeconds(d.getSeconds()
                        + (d.getNano() > 0 ? 1 : 0)));
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
