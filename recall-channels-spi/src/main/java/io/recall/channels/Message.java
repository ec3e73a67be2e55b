package io.recall.channels;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One message to one recipient: what to send (a template, a locale, typed variables), to whom, and the
 * keys that make sending it safe to repeat.
 *
 * <p>Build one with {@link #newBuilder()}; every field but the variables and the metadata is required.
 * The message's {@link #channel()} is its recipient's, so the two can never disagree.
 *
 * <p>Two keys, two jobs: the {@linkplain #id() id} names this message inside Recall (the outbox row;
 * every attempt shares it); the {@linkplain #idempotencyKey() idempotency key} names the logical send
 * towards the provider and is what a provider deduplicates on (an {@code Idempotency-Key} header, a
 * stable SMTP {@code Message-ID}). Both are 1 to 255 visible ASCII characters.
 *
 * <p>Immutable and thread-safe. {@code toString()} masks the recipient and leaves out variable values,
 * so a message may be logged.
 */
public final class Message {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final String id;
    private final String idempotencyKey;
    private final Address recipient;
    private final String templateId;
    private final Locale locale;
    private final Map<String, Variable> variables;
    private final Map<String, String> metadata;
    private final Purpose purpose;

    private Message(Builder b) {
        this.id = Checks.token(Objects.requireNonNull(b.id, "id was not set"), "id");
        this.idempotencyKey = Checks.token(Objects.requireNonNull(b.idempotencyKey, "idempotencyKey was not set"),
                "idempotencyKey");
        this.recipient = Objects.requireNonNull(b.recipient, "recipient was not set");
        this.templateId = Checks.text(Objects.requireNonNull(b.templateId, "templateId was not set"), "templateId", 255);
        this.locale = Objects.requireNonNull(b.locale, "locale was not set");
        this.purpose = Objects.requireNonNull(b.purpose, "purpose was not set");
        this.variables = Map.copyOf(b.variables);
        this.metadata = Map.copyOf(b.metadata);
    }

    /** A builder with nothing set. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder holding this message's fields, for a variant (a fallback on another channel, say). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.idempotencyKey = idempotencyKey;
        b.recipient = recipient;
        b.templateId = templateId;
        b.locale = locale;
        b.purpose = purpose;
        b.variables.putAll(variables);
        b.metadata.putAll(metadata);
        return b;
    }

    /** Recall's id for this message; every attempt to send it shares it. */
    public String id() {
        return id;
    }

    /** The key a provider deduplicates on: sending twice with one key must reach the customer once. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** The channel, which is the recipient's. */
    public Channel channel() {
        return recipient.channel();
    }

    /** Where the message goes. */
    public Address recipient() {
        return recipient;
    }

    /** The template to render, by the adapter's {@link TemplateRenderer} or by the provider. */
    public String templateId() {
        return templateId;
    }

    /** The language (and region) to render in; {@link Locale#ROOT} for none in particular. */
    public Locale locale() {
        return locale;
    }

    /** The values the template fills in, by variable name; unmodifiable, possibly empty. */
    public Map<String, Variable> variables() {
        return variables;
    }

    /**
     * Correlation data that is not rendered (campaign, journey step, customer id); adapters may pass it
     * to the provider as tags. Unmodifiable, possibly empty.
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Marketing or service, which decided the consent this message needed. */
    public Purpose purpose() {
        return purpose;
    }

    /** Equal when every field is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && id.equals(m.id) && idempotencyKey.equals(m.idempotencyKey)
                && recipient.equals(m.recipient) && templateId.equals(m.templateId) && locale.equals(m.locale)
                && purpose == m.purpose && variables.equals(m.variables) && metadata.equals(m.metadata);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(id, idempotencyKey, recipient, templateId, locale, purpose, variables, metadata);
    }

    /** Ids, masked recipient, template and variable names; never variable values. */
    @Override
    public String toString() {
        return "Message[id=" + id + ", idempotencyKey=" + idempotencyKey + ", channel=" + channel()
                + ", recipient=" + recipient + ", template=" + templateId + ", locale=" + locale.toLanguageTag()
                + ", purpose=" + purpose + ", variables=" + new TreeSet<>(variables.keySet()) + "]";
    }

    static String checkVariableName(String name) {
        Objects.requireNonNull(name, "variable name");
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("variable name must match " + VARIABLE_NAME.pattern() + " but was '"
                    + name + "'");
        }
        return name;
    }

    /**
     * Collects a message's fields; {@link #build()} validates them all. Not thread-safe; reusable.
     */
    public static final class Builder {

        private String id;
        private String idempotencyKey;
        private Address recipient;
        private String templateId;
        private Locale locale;
        private Purpose purpose;
        private final Map<String, Variable> variables = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets Recall's id for the message. */
        public Builder id(String id) {
            this.id = Checks.token(id, "id");
            return this;
        }

        /** Sets the key the provider deduplicates on. */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = Checks.token(idempotencyKey, "idempotencyKey");
            return this;
        }

        /** Sets the recipient, and with it the channel. */
        public Builder recipient(Address recipient) {
            this.recipient = Objects.requireNonNull(recipient, "recipient");
            return this;
        }

        /** Sets the template id. */
        public Builder templateId(String templateId) {
            this.templateId = Checks.text(templateId, "templateId", 255);
            return this;
        }

        /** Sets the locale to render in. */
        public Builder locale(Locale locale) {
            this.locale = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /** Sets the purpose. */
        public Builder purpose(Purpose purpose) {
            this.purpose = Objects.requireNonNull(purpose, "purpose");
            return this;
        }

        /** Sets (or replaces) one variable. */
        public Builder variable(String name, Variable value) {
            variables.put(checkVariableName(name), Objects.requireNonNull(value, "value of variable " + name));
            return this;
        }

        /** Sets (or replaces) several variables. */
        public Builder variables(Map<String, ? extends Variable> values) {
            Objects.requireNonNull(values, "values").forEach(this::variable);
            return this;
        }

        /** Removes a variable, if set. */
        public Builder removeVariable(String name) {
            variables.remove(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Sets (or replaces) one metadata entry; the key is 1 to 64 of {@code A-Z a-z 0-9 _ . -}. */
        public Builder metadata(String key, String value) {
            Objects.requireNonNull(key, "metadata key");
            if (!METADATA_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("metadata key must match " + METADATA_KEY.pattern() + " but was '"
                        + key + "'");
            }
            metadata.put(key, Checks.text(value, "metadata " + key, 1024));
            return this;
        }

        /**
         * Builds the message.
         *
         * @throws NullPointerException if a required field was not set, naming it
         */
        public Message build() {
            return new Message(this);
        }
    }
}
