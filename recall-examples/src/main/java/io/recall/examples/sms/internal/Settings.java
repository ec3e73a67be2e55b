package io.recall.examples.sms.internal;

import io.recall.channels.AdapterContext;

import java.time.Duration;

/** Reads an adapter's settings, naming the one that is missing or bad. */
public final class Settings {

    private final AdapterContext context;
    private final String adapter;

    /** Settings of {@code context}, for the adapter named {@code adapter} in error messages. */
    public Settings(AdapterContext context, String adapter) {
        this.context = context;
        this.adapter = adapter;
    }

    /** A required setting. */
    public String required(String name) {
        return context.setting(name).filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                adapter + " needs setting '" + name + "'"));
    }

    /** An optional setting, or {@code fallback}. */
    public String text(String name, String fallback) {
        return context.setting(name).orElse(fallback);
    }

    /** A positive integer setting, or {@code fallback}. */
    public int positive(String name, int fallback) {
        String value = context.setting(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(adapter + " setting '" + name + "' must be a positive integer but was '"
                + value + "'");
    }

    /** A positive number of milliseconds, or {@code fallback}. */
    public Duration millis(String name, Duration fallback) {
        return Duration.ofMillis(positive(name, (int) fallback.toMillis()));
    }
}
