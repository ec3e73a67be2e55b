package io.recall.examples.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.channels.AbstractChannelAdapter;
import io.recall.channels.AdapterContext;
import io.recall.channels.Address;
import io.recall.channels.Capabilities;
import io.recall.channels.Channel;
import io.recall.channels.RenderResult;
import io.recall.channels.SendResult;
import io.recall.examples.sms.internal.HttpSupport;
import io.recall.examples.sms.internal.Settings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Sends SMS through a JSON-over-HTTPS gateway of the common shape, with the JDK's {@link HttpClient}.
 *
 * <p>Each message is one {@code POST {endpoint}} with body {@code {"to": "+E164", "text": "...", "reference":
 * "<idempotency key>"}} and headers {@code Idempotency-Key} and, if {@code apiKey} is set,
 * {@code Authorization: Bearer <apiKey>}. A 2xx answer with {@code {"id": "..."}} is Accepted with that id. Errors
 * carry {@code {"error": {"code": "...", "message": "..."}}}.
 *
 * <table>
 *   <caption>Answers and results</caption>
 *   <tr><th>answer</th><th>result</th></tr>
 *   <tr><td>2xx</td><td>Accepted (the id, or {@code ref:<key>} if the body names none)</td></tr>
 *   <tr><td>429, 408, 409, 425</td><td>Retryable, after {@code Retry-After} when given</td></tr>
 *   <tr><td>other 4xx</td><td>Permanent; the address is suppressed when the code is {@code invalid_recipient},
 *       {@code invalid_number}, {@code blocked_recipient} or {@code opted_out}</td></tr>
 *   <tr><td>5xx</td><td>Retryable, after {@code Retry-After} when given</td></tr>
 *   <tr><td>connection refused, connect timeout, TLS failure</td><td>Retryable (nothing left)</td></tr>
 *   <tr><td>no answer within {@code requestTimeoutMillis}, connection lost</td><td>Unknown</td></tr>
 * </table>
 *
 * <p><b>Settings</b>: {@code endpoint} (required), {@code apiKey}, {@code trustStore} / {@code trustStorePassword} /
 * {@code trustStoreType} (the certificates to trust instead of the JDK's; never "trust all"),
 * {@code connectTimeoutMillis} (2000), {@code requestTimeoutMillis} (10000), {@code providerDeduplicates}
 * ({@code true}: the gateway honours {@code Idempotency-Key}, so an Unknown may be resent).
 *
 * <p>Thread-safe; one {@link HttpClient} (and its connection pool) per adapter.
 */
public final class HttpSmsAdapter extends AbstractChannelAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BAD_ADDRESS = Set.of("invalid_recipient", "invalid_number", "blocked_recipient",
            "opted_out");

    private final URI endpoint;
    private final Optional<String> apiKey;
    private final Duration requestTimeout;
    private final HttpClient client;

    /**
     * Creates the adapter; no connection is made until the first send.
     *
     * @param context settings as listed above, the listener, the renderer and the clock
     * @throws IllegalArgumentException if a setting is missing or bad, naming it
     */
    public HttpSmsAdapter(AdapterContext context) {
        super(capabilitiesFor(new Settings(context, "HTTP SMS adapter")), context);
        Settings s = new Settings(context, "HTTP SMS adapter");
        this.endpoint = endpoint(s.required("endpoint"));
        this.apiKey = Optional.of(s.text("apiKey", "")).filter(k -> !k.isBlank());
        this.requestTimeout = s.millis("requestTimeoutMillis", Duration.ofSeconds(10));
        this.client = HttpClient.newBuilder().sslContext(HttpSupport.sslContext(s))
                .connectTimeout(s.millis("connectTimeoutMillis", Duration.ofSeconds(2)))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static Capabilities capabilitiesFor(Settings s) {
        Duration connect = s.millis("connectTimeoutMillis", Duration.ofSeconds(2));
        Duration request = s.millis("requestTimeoutMillis", Duration.ofSeconds(10));
        return Capabilities.of(Channel.SMS).withProviderDeduplication(
                        Boolean.parseBoolean(s.text("providerDeduplicates", "true")))
                .withMaxSendDuration(connect.plus(request));
    }

    private static URI endpoint(String value) {
        URI uri = URI.create(value);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("HTTP SMS adapter setting 'endpoint' must be an absolute https URI but was '"
                    + value + "'");
        }
        return uri;
    }

    @Override
    protected SendResult doSend(Outgoing outgoing) {
        Optional<String> text = outgoing.content().flatMap(c -> c.part(RenderResult.Rendered.TEXT));
        if (text.isEmpty()) {
            return SendResult.permanent("rendered message has no '" + RenderResult.Rendered.TEXT + "' part", false);
        }
        String key = outgoing.message().idempotencyKey();
        ObjectNode body = JSON.createObjectNode();
        body.put("to", ((Address.Phone) outgoing.message().recipient()).e164());
        body.put("text", text.get());
        body.put("reference", key);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8").header("Accept", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        apiKey.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        return HttpSupport.exchange(client, request.build(), "SMS gateway", "the SMS gateway",
                response -> classify(response, key));
    }

    private SendResult classify(HttpResponse<String> response, String key) {
        int status = response.statusCode();
        JsonNode json = HttpSupport.json(response.body());
        if (status >= 200 && status < 300) {
            String id = json.path("id").asText("");
            return SendResult.accepted(id.isBlank() ? "ref:" + key : id);
        }
        JsonNode error = json.path("error");
        String code = error.isObject() ? error.path("code").asText("") : error.asText("");
        String reason = "http " + status + (code.isEmpty() ? "" : " " + code);
        // 500, 502 and 504 may come after the gateway took the message (a crash or a proxy timing out behind it):
        // resending is only safe when the gateway deduplicates by the idempotency key.
        if ((status == 500 || status == 502 || status == 504) && !capabilities().providerDeduplicates()) {
            return SendResult.unknown(reason + ": the gateway may have taken the message");
        }
        if (status == 429 || status == 408 || status == 409 || status == 425 || status >= 500) {
            return HttpSupport.retryable(reason, HttpSupport.retryAfter(response.headers(), context().clock()));
        }
        if (status >= 400) {
            return SendResult.permanent(reason, BAD_ADDRESS.contains(code));
        }
        return SendResult.permanent(reason + ": unexpected answer, check the endpoint", false);
    }

    @Override
    protected void doClose() {
        // HttpClient has no close() before Java 21; its idle connections time out and its threads are daemons.
    }
}
