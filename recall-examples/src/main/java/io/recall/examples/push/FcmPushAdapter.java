package io.recall.examples.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.channels.AbstractChannelAdapter;
import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.channels.RenderResult;
import io.recall.channels.SendResult;
import io.recall.examples.sms.internal.HttpSupport;
import io.recall.examples.sms.internal.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sends app push notifications in the shape of the FCM HTTP v1 API, over HTTP/2 with the JDK's {@link HttpClient}.
 *
 * <p>Each message is one {@code POST {baseUri}/v1/projects/{project}/messages:send} carrying
 * {@code {"message": {"token": ..., "notification": {"title": ..., "body": ...}, "data": {...}}}} and
 * {@code Authorization: Bearer <token>} from the access-token supplier, asked on every send (so it may refresh). The
 * rendered {@code title} (or {@code subject}) and {@code text} parts are the notification; {@code data} carries the
 * message's metadata plus {@code recall_message_id} and {@code recall_idempotency_key}, so the app (and a support
 * desk) can tie a notification to its message. FCM does not deduplicate.
 *
 * <p>The notification and data must fit FCM's 4096-byte payload limit; a larger one is Permanent before anything
 * is sent. An {@code UNREGISTERED} token (HTTP 404 with that FCM error code; a bare 404 is a configuration error,
 * never a verdict on the device) or a token of another sender ({@code SENDER_ID_MISMATCH}) is
 * Permanent with suppression and is also reported as a {@link DeliveryEvent.Type#TOKEN_INVALID} event, so the
 * pipeline suppresses the device. 429 and 5xx are Retryable after {@code Retry-After}; 401 is Retryable (the access
 * token may be refreshed); other 4xx are Permanent; no answer in time is Unknown.
 *
 * <p><b>Settings</b>: {@code project} (required), {@code baseUri} ({@code https://fcm.googleapis.com}),
 * {@code accessToken} or {@code accessTokenFile} (read on every send) unless a supplier is given to the constructor,
 * {@code trustStore} / {@code trustStorePassword} / {@code trustStoreType}, {@code connectTimeoutMillis} (2000),
 * {@code requestTimeoutMillis} (10000).
 *
 * <p>Thread-safe; requests share one HTTP/2 connection, multiplexed.
 */
public final class FcmPushAdapter extends AbstractChannelAdapter {

    /** FCM's limit on a message's payload (notification and data), in bytes. */
    public static final int MAX_PAYLOAD_BYTES = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI sendUri;
    private final Supplier<String> accessToken;
    private final Duration requestTimeout;
    private final HttpClient client;

    /**
     * Creates the adapter with the access token from the settings ({@code accessToken} or {@code accessTokenFile}).
     *
     * @param context settings as listed above, the listener, the renderer and the clock
     * @throws IllegalArgumentException if a setting is missing or bad, naming it
     */
    public FcmPushAdapter(AdapterContext context) {
        this(context, tokenFromSettings(new Settings(context, "FCM push adapter")));
    }

    /**
     * Creates the adapter with an access-token supplier (such as Google's OAuth2 credentials refreshing a token).
     *
     * @param context     settings as listed above, the listener, the renderer and the clock
     * @param accessToken asked on every send for the bearer token; must be thread-safe and quick
     * @throws IllegalArgumentException if a setting is missing or bad, naming it
     */
    public FcmPushAdapter(AdapterContext context, Supplier<String> accessToken) {
        super(capabilitiesFor(new Settings(context, "FCM push adapter")), context);
        Settings s = new Settings(context, "FCM push adapter");
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
        URI base = URI.create(s.text("baseUri", "https://fcm.googleapis.com"));
        this.sendUri = base.resolve("/v1/projects/" + URLEncoder.encode(s.required("project"), StandardCharsets.UTF_8)
                + "/messages:send");
        this.requestTimeout = s.millis("requestTimeoutMillis", Duration.ofSeconds(10));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(HttpSupport.sslContext(s))
                .connectTimeout(s.millis("connectTimeoutMillis", Duration.ofSeconds(2)))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static Capabilities capabilitiesFor(Settings s) {
        return Capabilities.of(Channel.PUSH).withMaxSendDuration(s.millis("connectTimeoutMillis", Duration.ofSeconds(2))
                .plus(s.millis("requestTimeoutMillis", Duration.ofSeconds(10))));
    }

    private static Supplier<String> tokenFromSettings(Settings s) {
        String token = s.text("accessToken", "");
        if (!token.isBlank()) {
            return () -> token;
        }
        String file = s.text("accessTokenFile", "");
        if (file.isBlank()) {
            throw new IllegalArgumentException("FCM push adapter needs setting 'accessToken' or 'accessTokenFile'");
        }
        Path path = Path.of(file);
        return () -> {
            try {
                return Files.readString(path).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    protected SendResult doSend(Outgoing outgoing) {
        Message m = outgoing.message();
        Address.PushToken to = (Address.PushToken) m.recipient();
        RenderResult.Rendered parts = outgoing.content().orElse(null);
        Optional<String> text = parts == null ? Optional.empty() : parts.part(RenderResult.Rendered.TEXT);
        if (text.isEmpty()) {
            return SendResult.permanent("rendered message has no '" + RenderResult.Rendered.TEXT + "' part", false);
        }
        ObjectNode payload = JSON.createObjectNode();
        ObjectNode notification = payload.putObject("notification");
        parts.part(RenderResult.Rendered.TITLE).or(() -> parts.part(RenderResult.Rendered.SUBJECT))
                .ifPresent(t -> notification.put("title", t));
        notification.put("body", text.get());
        ObjectNode data = payload.putObject("data");
        m.metadata().forEach(data::put);
        data.put("recall_message_id", m.id());
        data.put("recall_idempotency_key", m.idempotencyKey());
        int size = payload.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_PAYLOAD_BYTES) {
            return SendResult.permanent("push payload is " + size + " bytes, over FCM's " + MAX_PAYLOAD_BYTES
                    + "-byte limit", false);
        }
        String bearer;
        try {
            bearer = accessToken.get();
        } catch (RuntimeException e) {
            return SendResult.retryable("no FCM access token: " + e);
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode message = body.putObject("message");
        message.put("token", to.token());
        message.setAll(payload);
        HttpRequest request = HttpRequest.newBuilder(sendUri).timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8").header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        return HttpSupport.exchange(client, request, "FCM", "FCM", response -> classify(response, m));
    }

    private SendResult classify(HttpResponse<String> response, Message m) {
        int status = response.statusCode();
        JsonNode json = HttpSupport.json(response.body());
        if (status == 200) {
            String name = json.path("name").asText("");
            return name.isBlank() ? SendResult.unknown("FCM answered 200 without a message name")
                    : SendResult.accepted(name);
        }
        String errorCode = errorCode(json.path("error"));
        String reason = "fcm http " + status + (errorCode.isEmpty() ? "" : " " + errorCode);
        // Only FCM's own error codes condemn a token. A bare 404 is what a wrong project id, base URI or proxy
        // answers too; suppressing on it would silence every healthy device the campaign touches.
        if ("UNREGISTERED".equals(errorCode) || "SENDER_ID_MISMATCH".equals(errorCode)) {
            report(DeliveryEvent.about(DeliveryEvent.Type.TOKEN_INVALID, m, context().clock().instant())
                    .withDetail("errorCode", errorCode));
            return SendResult.permanent(reason + ": token invalid", true);
        }
        if (status == 404) {
            return SendResult.permanent(reason + ": not found without an FCM error code; check the project id and"
                    + " the endpoint", false);
        }
        if (status == 429 || status == 401 || status >= 500) {
            return HttpSupport.retryable(reason, HttpSupport.retryAfter(response.headers(), context().clock()));
        }
        return SendResult.permanent(reason, false);
    }

    /** The FcmError code in {@code error.details}, else the error's status, else empty. */
    private static String errorCode(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            String code = detail.path("errorCode").asText("");
            if (!code.isEmpty()) {
                return code;
            }
        }
        return error.path("status").asText("");
    }
}
