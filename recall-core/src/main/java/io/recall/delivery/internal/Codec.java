package io.recall.delivery.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.channels.Variable;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Lossless JSON for the values the JDBC stores keep as text: messages (with typed variables), addresses and
 * delivery events. Map keys are written sorted, so equal values give equal text (used as fingerprints).
 */
public final class Codec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Codec() {
    }

    /** A channel plan as JSON text. */
    public static String plan(List<Message> plan) {
        ArrayNode a = JSON.createArrayNode();
        plan.forEach(m -> a.add(message(m)));
        return write(a);
    }

    /** A channel plan from JSON text. */
    public static List<Message> plan(String json) {
        List<Message> plan = new ArrayList<>();
        read(json).forEach(n -> plan.add(message(n)));
        return List.copyOf(plan);
    }

    /** An address as JSON text. */
    public static String address(Address a) {
        return write(addressNode(a));
    }

    /** An address from JSON text. */
    public static Address address(String json) {
        return address(read(json));
    }

    /** A delivery event as JSON text. */
    public static String event(DeliveryEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", e.type().name());
        n.put("channel", e.channel().id());
        n.put("occurredAt", e.occurredAt().toString());
        e.idempotencyKey().ifPresent(k -> n.put("key", k));
        e.providerId().ifPresent(p -> n.put("providerId", p));
        e.recipient().ifPresent(r -> n.set("recipient", addressNode(r)));
        ObjectNode d = n.putObject("details");
        new TreeMap<>(e.details()).forEach(d::put);
        return write(n);
    }

    /** A delivery event from JSON text. */
    public static DeliveryEvent event(String json) {
        JsonNode n = read(json);
        Map<String, String> details = new LinkedHashMap<>();
        n.get("details").fields().forEachRemaining(f -> details.put(f.getKey(), f.getValue().asText()));
        return new DeliveryEvent(DeliveryEvent.Type.valueOf(n.get("type").asText()), Channel.of(n.get("channel").asText()),
                Instant.parse(n.get("occurredAt").asText()), Optional.ofNullable(n.get("key")).map(JsonNode::asText),
                Optional.ofNullable(n.get("providerId")).map(JsonNode::asText),
                Optional.ofNullable(n.get("recipient")).map(Codec::address), details);
    }

    /** The SHA-256 of a text, in hex: a fixed-length key for long values. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ObjectNode message(Message m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("key", m.idempotencyKey());
        n.set("to", addressNode(m.recipient()));
        n.put("template", m.templateId());
        n.put("locale", m.locale().toLanguageTag());
        n.put("purpose", m.purpose().name());
        n.set("variables", variables(m.variables()));
        ObjectNode meta = n.putObject("metadata");
        new TreeMap<>(m.metadata()).forEach(meta::put);
        return n;
    }

    private static Message message(JsonNode n) {
        Message.Builder b = Message.newBuilder().id(n.get("id").asText()).idempotencyKey(n.get("key").asText())
                .recipient(address(n.get("to"))).templateId(n.get("template").asText())
                .locale(Locale.forLanguageTag(n.get("locale").asText())).purpose(Purpose.valueOf(n.get("purpose").asText()))
                .variables(variables(n.get("variables")));
        n.get("metadata").fields().forEachRemaining(f -> b.metadata(f.getKey(), f.getValue().asText()));
        return b.build();
    }

    private static ObjectNode variables(Map<String, Variable> vars) {
        ObjectNode n = JSON.createObjectNode();
        new TreeMap<>(vars).forEach((k, v) -> n.set(k, variable(v)));
        return n;
    }

    private static Map<String, Variable> variables(JsonNode n) {
        Map<String, Variable> vars = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            vars.put(f.getKey(), variable(f.getValue()));
        }
        return vars;
    }

    private static ObjectNode variable(Variable v) {
        ObjectNode n = JSON.createObjectNode();
        if (v instanceof Variable.Text t) {
            n.put("t", "text").put("v", t.value());
        } else if (v instanceof Variable.Decimal d) {
            n.put("t", "decimal").put("v", d.value().toString());
        } else if (v instanceof Variable.Money m) {
            n.put("t", "money").put("v", m.amount().toString()).put("currency", m.currency().getCurrencyCode());
        } else if (v instanceof Variable.Date d) {
            n.put("t", "date").put("v", d.value().toString());
        } else if (v instanceof Variable.DateTime d) {
            n.put("t", "datetime").put("v", d.value().format(DateTimeFormatter.ISO_ZONED_DATE_TIME));
        } else if (v instanceof Variable.Link l) {
            n.put("t", "link").put("v", l.value().toString());
        } else if (v instanceof Variable.Flag f) {
            n.put("t", "flag").put("v", f.value());
        } else if (v instanceof Variable.Items i) {
            ArrayNode items = n.put("t", "items").putArray("v");
            i.items().forEach(item -> items.add(variables(item)));
        } else {
            throw new IllegalArgumentException("unknown variable kind " + v.getClass().getName());
        }
        return n;
    }

    private static Variable variable(JsonNode n) {
        String v = n.get("v").asText();
        switch (n.get("t").asText()) {
            case "text":
                return new Variable.Text(v);
            case "decimal":
                return new Variable.Decimal(new BigDecimal(v));
            case "money":
                return new Variable.Money(new BigDecimal(v), Currency.getInstance(n.get("currency").asText()));
            case "date":
                return new Variable.Date(LocalDate.parse(v));
            case "datetime":
                return new Variable.DateTime(ZonedDateTime.parse(v, DateTimeFormatter.ISO_ZONED_DATE_TIME));
            case "link":
                return new Variable.Link(URI.create(v));
            case "flag":
                return new Variable.Flag(n.get("v").asBoolean());
            case "items":
                List<Map<String, Variable>> items = new ArrayList<>();
                n.get("v").forEach(item -> items.add(variables(item)));
                return new Variable.Items(items);
            default:
                throw new IllegalArgumentException("unknown variable kind '" + n.get("t").asText() + "' in the store");
        }
    }

    private static ObjectNode addressNode(Address a) {
        ObjectNode n = JSON.createObjectNode();
        if (a instanceof Address.Email e) {
            n.put("k", "email").put("v", e.value());
        } else if (a instanceof Address.Phone p) {
            n.put("k", "phone").put("v", p.e164());
        } else if (a instanceof Address.PushToken p) {
            n.put("k", "push").put("v", p.token()).put("platform", p.platform().name());
        } else if (a instanceof Address.Webhook w) {
            n.put("k", "webhook").put("v", w.endpoint().toString());
        } else if (a instanceof Address.CallbackEntry c) {
            n.put("k", "callback").put("v", c.phone().e164()).put("zone", c.zone().getId());
        } else if (a instanceof Address.AudienceMember m) {
            n.put("k", "audience");
            m.email().ifPresent(e -> n.put("email", e.value()));
            m.phone().ifPresent(p -> n.put("phone", p.e164()));
        } else if (a instanceof Address.Custom c) {
            n.put("k", "custom").put("v", c.value()).put("channel", c.channel().id());
        } else {
            throw new IllegalArgumentException("unknown address kind " + a.getClass().getName());
        }
        return n;
    }

    private static Address address(JsonNode n) {
        switch (n.get("k").asText()) {
            case "email":
                return new Address.Email(n.get("v").asText());
            case "phone":
                return new Address.Phone(n.get("v").asText());
            case "push":
                return new Address.PushToken(n.get("v").asText(), Address.PushToken.Platform.valueOf(n.get("platform").asText()));
            case "webhook":
                return new Address.Webhook(URI.create(n.get("v").asText()));
            case "callback":
                return new Address.CallbackEntry(new Address.Phone(n.get("v").asText()), ZoneId.of(n.get("zone").asText()));
            case "audience":
                return new Address.AudienceMember(Optional.ofNullable(n.get("email")).map(e -> new Address.Email(e.asText())),
                        Optional.ofNullable(n.get("phone")).map(p -> new Address.Phone(p.asText())));
            case "custom":
                return new Address.Custom(Channel.of(n.get("channel").asText()), n.get("v").asText());
            default:
                throw new IllegalArgumentException("unknown address kind '" + n.get("k").asText() + "' in the store");
        }
    }

    private static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the store holds JSON that does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
