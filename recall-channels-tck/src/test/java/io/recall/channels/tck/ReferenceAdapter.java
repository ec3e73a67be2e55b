package io.recall.channels.tck;

import io.recall.channels.AbstractChannelAdapter;
import io.recall.channels.AdapterContext;
import io.recall.channels.Capabilities;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.channels.RenderResult;
import io.recall.channels.SendResult;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A correct adapter for the {@link InMemoryProvider}, built the recommended way on
 * {@link AbstractChannelAdapter}: it passes every rule of the kit. Its protected hooks exist so the kit's
 * own tests can break it one flaw at a time.
 */
public class ReferenceAdapter extends AbstractChannelAdapter {

    private final InMemoryProvider provider;

    /**
     * An adapter sending through {@code provider}.
     *
     * @param provider     the provider
     * @param capabilities what to declare (its deduplication must match the provider's)
     * @param context      the host's listener and renderer
     */
    public ReferenceAdapter(InMemoryProvider provider, Capabilities capabilities, AdapterContext context) {
        super(capabilities, context);
        this.provider = provider;
        provider.subscribe(this::onNotification);
    }

    @Override
    protected SendResult doSend(Outgoing outgoing) {
        return doSendBatch(List.of(outgoing)).get(0);
    }

    @Override
    protected List<SendResult> doSendBatch(List<Outgoing> batch) {
        List<InMemoryProvider.Item> items = new ArrayList<>(batch.size());
        for (Outgoing o : batch) {
            items.add(new InMemoryProvider.Item(o.message().recipient(), idempotencyKeyFor(o.message()), content(o)));
        }
        List<InMemoryProvider.Reply> replies;
        try {
            replies = submit(items);
        } catch (SocketTimeoutException e) {
            return repeat(onTimeout(e), batch.size());
        } catch (ConnectException e) {
            return repeat(SendResult.retryable("provider unreachable: " + e.getMessage()), batch.size());
        } catch (IOException e) {
            return repeat(SendResult.unknown("i/o error after sending: " + e), batch.size());
        }
        List<SendResult> results = new ArrayList<>(replies.size());
        for (InMemoryProvider.Reply reply : replies) {
            results.add(classify(reply));
        }
        return results;
    }

    /** The key sent to the provider. */
    protected Optional<String> idempotencyKeyFor(Message message) {
        return Optional.of(message.idempotencyKey());
    }

    /** One provider request. */
    protected List<InMemoryProvider.Reply> submit(List<InMemoryProvider.Item> items) throws IOException {
        return provider.submit(items);
    }

    /** The result for a request whose answer never came. */
    protected SendResult onTimeout(SocketTimeoutException e) {
        return SendResult.unknown("no answer: " + e.getMessage());
    }

    /** The result for one item's answer. */
    protected SendResult classify(InMemoryProvider.Reply reply) {
        switch (reply.status()) {
            case 202:
                return SendResult.accepted(reply.id().orElseThrow());
            case 429:
                return reply.retryAfter().map(d -> SendResult.retryable("http 429 " + reply.error(), d))
                        .orElseGet(() -> SendResult.retryable("http 429 " + reply.error()));
            case 404:
                return SendResult.permanent("http 404 " + reply.error(), true);
            case 422:
                return SendResult.permanent("http 422 " + reply.error(), false);
            default:
                return reply.status() >= 500 ? SendResult.retryable("http " + reply.status() + " " + reply.error())
                        : SendResult.permanent("http " + reply.status() + " " + reply.error(), false);
        }
    }

    /** The event type for a provider notification kind. */
    protected Optional<DeliveryEvent.Type> typeOf(String kind) {
        switch (kind) {
            case "delivered": return Optional.of(DeliveryEvent.Type.DELIVERED);
            case "deferred": return Optional.of(DeliveryEvent.Type.SOFT_BOUNCE);
            case "bounce": return Optional.of(DeliveryEvent.Type.HARD_BOUNCE);
            case "open": return Optional.of(DeliveryEvent.Type.OPENED);
            case "click": return Optional.of(DeliveryEvent.Type.CLICKED);
            case "spamreport": return Optional.of(DeliveryEvent.Type.COMPLAINED);
            case "unsubscribe": return Optional.of(DeliveryEvent.Type.UNSUBSCRIBED);
            case "inbound-stop": return Optional.of(DeliveryEvent.Type.REPLIED_STOP);
            case "token-unregistered": return Optional.of(DeliveryEvent.Type.TOKEN_INVALID);
            default: return Optional.empty();
        }
    }

    private void onNotification(InMemoryProvider.Notification n) {
        if (isClosed()) {
            return;
        }
        typeOf(n.kind()).ifPresent(type -> {
            DeliveryEvent event = DeliveryEvent.forProviderId(type, n.recipient().channel(), n.providerId(), n.at())
                    .withRecipient(n.recipient());
            report(n.idempotencyKey().map(event::withIdempotencyKey).orElse(event));
        });
    }

    private String content(Outgoing o) {
        Message m = o.message();
        if (o.content().isPresent()) {
            RenderResult.Rendered parts = o.content().get();
            return parts.part(RenderResult.Rendered.SUBJECT).map(s -> "Subject: " + s + "\n").orElse("")
                    + parts.part(RenderResult.Rendered.TEXT).orElse("");
        }
        return "template=" + m.templateId() + "; locale=" + m.locale().toLanguageTag() + "; variables="
                + new TreeSet<>(m.variables().keySet());
    }

    private static List<SendResult> repeat(SendResult result, int n) {
        List<SendResult> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(result);
        }
        return all;
    }
}
