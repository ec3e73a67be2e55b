package io.recall.examples.sms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recall.channels.SendResult;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the HTTP adapters (HTTP SMS, push) share: TLS trust from settings, sending a JSON request and reading its
 * answer, Retry-After, I/O failure classes.
 */
public final class HttpSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpSupport() {
    }

    /**
     * The TLS context: trusting exactly the certificates in {@code trustStore} (settings {@code trustStore},
     * {@code trustStorePassword}, {@code trustStoreType}, default PKCS12) when set, else the JDK's default trust.
     * There is deliberately no way to trust everything.
     */
    public static SSLContext sslContext(Settings settings) {
        String path = settings.text("trustStore", "");
        try {
            if (path.isBlank()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(settings.text("trustStoreType", "PKCS12"));
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                store.load(in, settings.text("trustStorePassword", "").toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load trust store '" + path + "': " + e.getMessage(), e);
        }
    }

    /** The wait a {@code Retry-After} header asks for (delta seconds or an HTTP date), never negative. */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.get()))));
        } catch (NumberFormatException e) {
            try {
                Duration wait = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                if (wait.isNegative()) {
                    return Optional.of(Duration.ZERO);
                }
                // Round a fraction of a second up: never retry sooner than asked.
                return Optional.of(wait.getNano() == 0 ? wait : wait.withNanos(0).plusSeconds(1));
            } catch (DateTimeParseException bad) {
                return Optional.empty();
            }
        }
    }

    /** The result of a request that failed with {@code e}: before it left is Retryable, after it is Unknown. */
    public static SendResult ioFailure(IOException e, String what) {
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
            return SendResult.retryable(what + " unreachable: " + e);
        }
        if (e instanceof SSLException) {
            // The handshake failed, so nothing was sent; an untrusted certificate stays refused until fixed.
            return SendResult.retryable(what + " TLS handshake failed: " + e.getMessage());
        }
        if (e instanceof HttpTimeoutException) {
            return SendResult.unknown(what + " did not answer in time: " + e.getMessage());
        }
        return SendResult.unknown(what + " connection failed after the request was sent: " + e);
    }

    /**
     * Sends {@code request} and classifies its answer (a UTF-8 body) with {@code classify}; a request that fails
     * is classified by {@link #ioFailure}, an interrupted wait is Unknown.
     *
     * @param what    the other side in failure reasons, such as {@code "FCM"}
     * @param waitFor the other side in the interrupted reason, such as {@code "the SMS gateway"}
     */
    public static SendResult exchange(HttpClient client, HttpRequest request, String what, String waitFor,
                                      Function<HttpResponse<String>, SendResult> classify) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return ioFailure(e, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.unknown("interrupted while waiting for " + waitFor);
        }
        return classify.apply(response);
    }

    /** The JSON of an answer's body; an empty object for a blank or unreadable body. */
    public static JsonNode json(String body) {
        try {
            JsonNode node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** Retryable for {@code reason}, after {@code wait} when the answer asked for one. */
    public static SendResult retryable(String reason, Optional<Duration> wait) {
        return wait.map(w -> SendResult.retryable(reason, w)).orElseGet(() -> SendResult.retryable(reason));
    }
}
