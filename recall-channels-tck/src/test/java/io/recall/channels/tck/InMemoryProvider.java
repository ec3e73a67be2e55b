package io.recall.channels.tck;

import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A message provider in memory, shaped like an HTTP batch API, that is also its own {@link ProviderProbe}:
 * tests make it misbehave per recipient and read back what it holds.
 *
 * <p>{@link #submit} is the provider's API: it answers a status per item (202 taken, 503 transient, 429
 * throttled, 404 unknown recipient, 422 content refused), or throws {@link SocketTimeoutException} after
 * taking the items ({@link Behaviour#TIMEOUT_AFTER_SEND}) or {@link ConnectException} before
 * ({@link Behaviour#UNAVAILABLE}). A deduplicating provider holds an idempotency key once and answers a repeat
 * with the first provider id. Notifications (delivery events in the provider's own words) go to subscribers on
 * the provider's own thread, as webhooks would. Thread-safe.
 */
public final class InMemoryProvider implements ProviderProbe {

    /** One message in a provider request. */
    public record Item(Address recipient, Optional<String> idempotencyKey, String content) {
    }

    /** The provider's answer for one item: an HTTP-like status, and the provider id when taken. */
    public record Reply(int status, Optional<String> id, Optional<Duration> retryAfter, String error) {
    }

    /** A delivery event in the provider's own words, as a webhook would carry it. */
    public record Notification(String kind, String providerId, Address recipient, Optional<String> idempotencyKey,
                               Instant at) {
    }

    private record Held(Received received, String providerId) {
    }

    private static final Map<DeliveryEvent.Type, String> KINDS = Map.of(
            DeliveryEvent.Type.DELIVERED, "delivered", DeliveryEvent.Type.SOFT_BOUNCE, "deferred",
            DeliveryEvent.Type.HARD_BOUNCE, "bounce", DeliveryEvent.Type.OPENED, "open",
            DeliveryEvent.Type.CLICKED, "click", DeliveryEvent.Type.COMPLAINED, "spamreport",
            DeliveryEvent.Type.UNSUBSCRIBED, "unsubscribe", DeliveryEvent.Type.REPLIED_STOP, "inbound-stop",
            DeliveryEvent.Type.TOKEN_INVALID, "token-unregistered");

    private final boolean deduplicates;
    private final Set<Behaviour> behaviours;
    private final Set<DeliveryEvent.Type> events;
    private final boolean seesKeys;
    private final Optional<Duration> retryAfter;

    private final Map<Address, Behaviour> injected = new ConcurrentHashMap<>();
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private final Map<String, String> idsByKey = new HashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private final List<Consumer<Notification>> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService webhooks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "in-memory-provider-webhooks");
        t.setDaemon(true);
        return t;
    });

    private InMemoryProvider(boolean deduplicates, Set<Behaviour> behaviours, Set<DeliveryEvent.Type> events,
                             boolean seesKeys, Optional<Duration> retryAfter) {
        this.deduplicates = deduplicates;
        this.behaviours = Set.copyOf(behaviours);
        this.events = Set.copyOf(events);
        this.seesKeys = seesKeys;
        this.retryAfter = retryAfter;
    }

    /** Deduplicates, can inject every behaviour and emit every event, shows keys and content; 429 says 7 s. */
    public static InMemoryProvider full() {
        return new InMemoryProvider(true, EnumSet.allOf(Behaviour.class), EnumSet.allOf(DeliveryEvent.Type.class),
                true, Optional.of(Duration.ofSeconds(7)));
    }

    /** Does not deduplicate, injects only the required behaviours, emits nothing, hides keys. */
    public static InMemoryProvider minimal() {
        return new InMemoryProvider(false, REQUIRED_BEHAVIOURS, Set.of(), false, Optional.empty());
    }

    /** A provider that lacks a required behaviour, to test the kit's own set-up checks. */
    static InMemoryProvider withoutTimeouts() {
        Set<Behaviour> some = EnumSet.copyOf(REQUIRED_BEHAVIOURS);
        some.remove(Behaviour.TIMEOUT_AFTER_SEND);
        return new InMemoryProvider(false, some, Set.of(), false, Optional.empty());
    }

    /** Whether this provider drops a repeated idempotency key. */
    public boolean deduplicates() {
        return deduplicates;
    }

    /**
     * The provider's API: one request carrying {@code items}.
     *
     * @throws SocketTimeoutException after taking the items, when one of them is set to TIMEOUT_AFTER_SEND
     * @throws ConnectException       before taking anything, when one of them is set to UNAVAILABLE
     */
    public List<Reply> submit(List<Item> items) throws SocketTimeoutException, ConnectException {
        List<Behaviour> plan = new ArrayList<>(items.size());
        for (Item item : items) {
            plan.add(injected.getOrDefault(item.recipient(), Behaviour.ACCEPT));
        }
        if (plan.contains(Behaviour.UNAVAILABLE)) {
            throw new ConnectException("Connection refused (in-memory provider)");
        }
        long request = requests.incrementAndGet();
        List<Reply> replies = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            switch (plan.get(i)) {
                case ACCEPT, TIMEOUT_AFTER_SEND -> replies.add(new Reply(202, Optional.of(take(item, request)),
                        Optional.empty(), ""));
                case TRANSIENT_FAILURE -> replies.add(new Reply(503, Optional.empty(), Optional.empty(),
                        "service unavailable"));
                case THROTTLE -> replies.add(new Reply(429, Optional.empty(), retryAfter, "too many requests"));
                case REJECT_ADDRESS -> replies.add(new Reply(404, Optional.empty(), Optional.empty(),
                        "unknown recipient"));
                case REJECT_CONTENT -> replies.add(new Reply(422, Optional.empty(), Optional.empty(),
                        "content refused by policy"));
                default -> throw new IllegalStateException("unexpected behaviour " + plan.get(i));
            }
        }
        if (plan.contains(Behaviour.TIMEOUT_AFTER_SEND)) {
            throw new SocketTimeoutException("Read timed out (in-memory provider)");
        }
        return replies;
    }

    private synchronized String take(Item item, long request) {
        if (deduplicates && item.idempotencyKey().isPresent()) {
            String known = idsByKey.get(item.idempotencyKey().get());
            if (known != null) {
                return known;
            }
        }
        String id = "imp-" + ids.incrementAndGet();
        item.idempotencyKey().ifPresent(k -> idsByKey.putIfAbsent(k, id));
        held.add(new Held(new Received(item.recipient(), seesKeys ? item.idempotencyKey() : Optional.empty(),
                Optional.of(item.content()), request), id));
        return id;
    }

    /** Sends the provider's notifications to {@code subscriber}, on the provider's webhook thread. */
    public void subscribe(Consumer<Notification> subscriber) {
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    }

    @Override
    public Set<Behaviour> behaviours() {
        return behaviours;
    }

    @Override
    public Optional<Duration> throttleRetryAfter() {
        return retryAfter;
    }

    @Override
    public boolean seesIdempotencyKeys() {
        return seesKeys;
    }

    @Override
    public boolean seesContent() {
        return true;
    }

    @Override
    public Set<DeliveryEvent.Type> emittableEvents() {
        return events;
    }

    @Override
    public void inject(Address recipient, Behaviour behaviour) {
        if (!behaviours.contains(behaviour)) {
            throw new IllegalArgumentException("this provider cannot " + behaviour);
        }
        injected.put(recipient, behaviour);
    }

    @Override
    public List<Received> received() {
        return held.stream().map(Held::received).collect(java.util.stream.Collectors.toList());
    }

    @Override
    public void emit(DeliveryEvent.Type type, Received about) {
        Held h = held.stream().filter(x -> x.received().equals(about)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the provider does not hold " + about));
        Optional<String> key = h.received().idempotencyKey();
        Notification n = new Notification(KINDS.get(type), h.providerId(), about.recipient(), key, Instant.now());
        webhooks.execute(() -> subscribers.forEach(s -> s.accept(n)));
    }

    @Override
    public void close() {
        webhooks.shutdownNow();
    }
}
