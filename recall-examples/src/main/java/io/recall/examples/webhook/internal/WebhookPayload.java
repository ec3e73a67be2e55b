package io.recall.examples.webhook.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.channels.Message;
import io.recall.channels.RenderResult;
import io.recall.channels.Variable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The webhook body: the Standard Webhooks envelope {@code {"type", "timestamp", "data"}} with the message in
 * {@code data}, its variables typed so the receiver formats them itself. Minified, since the signature covers the
 * exact bytes.
 */
public final class WebhookPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayload() {
    }

    /** The body for one message. */
    public static byte[] of(String type, Message m, Optional<RenderResult.Rendered> content, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", type);
        root.put("timestamp", now.toString());
        ObjectNode data = root.putObject("data");
        data.put("messageId", m.id());
        data.put("idempotencyKey", m.idempotencyKey());
        data.put("channel", m.channel().id());
        data.put("templateId", m.templateId());
        data.put("locale", m.locale().toLanguageTag());
        data.put("purpose", m.purpose().name().toLowerCase(Locale.ROOT));
        ObjectNode variables = data.putObject("variables");
        new TreeMap<>(m.variables()).forEach((name, value) -> variables.set(name, variable(value)));
        ObjectNode metadata = data.putObject("metadata");
        new TreeMap<>(m.metadata()).forEach(metadata::put);
        content.ifPresent(c -> {
            ObjectNode parts = data.putObject("content");
            new TreeMap<>(c.parts()).forEach(parts::put);
        });
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook body", e);
        }
    }

    private static ObjectNode variable(Variable v) {
        ObjectNode node = JSON.createObjectNode();
        if (v instanceof Variable.Text t) {
            node.put("type", "text").put("value", t.value());
        } else if (v instanceof Variable.Decimal d) {
            node.put("type", "decimal").put("value", d.value().toPlainString());
        } else if (v instanceof Variable.Money money) {
            node.put("type", "money").put("amount", money.amount().toPlainString())
                    .put("currency", money.currency().getCurrencyCode());
        } else if (v instanceof Variable.Date date) {
            node.put("type", "date").put("value", date.value().toString());
        } else if (v instanceof Variable.DateTime dt) {
            node.put("type", "date-time").put("value", dt.value().toOffsetDateTime().toString())
                    .put("zone", dt.value().getZone().getId());
        } else if (v instanceof Variable.Link link) {
            node.put("type", "link").put("value", link.value().toString());
        } else if (v instanceof Variable.Flag flag) {
            node.put("type", "flag").put("value", flag.value());
        } else if (v instanceof Variable.Items items) {
            node.put("type", "items");
            ArrayNode list = node.putArray("value");
            for (Map<String, Variable> item : items.items()) {
                ObjectNode fields = list.addObject();
                new TreeMap<>(item).forEach((name, value) -> fields.set(name, variable(value)));
            }
        } else {
            throw new IllegalStateException("unknown variable kind " + v.getClass().getName());
        }
        return node;
    }
}
