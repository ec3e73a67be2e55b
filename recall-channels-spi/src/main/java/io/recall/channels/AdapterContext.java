package io.recall.channels;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host hands an adapter when creating it: its settings, where to report delivery events, the
 * renderer to use, and the clock.
 *
 * <p>Start from {@link #defaults()} and adjust with the {@code with...} methods.
 *
 * @param settings configuration by name (host, port, API key reference, sender), as the adapter's
 *                 documentation lists them; hosts keep secrets out of logs
 * @param events   receives delivery events; {@link DeliveryEventListener#NONE} to ignore them
 * @param renderer renders templates for adapters that render locally
 * @param clock    the adapter's only source of "now" (event times when the provider gives none, token expiry)
 */
public record AdapterContext(Map<String, String> settings, DeliveryEventListener events, TemplateRenderer renderer,
                             Clock clock) {

    /** Validates that nothing is missing and copies the settings. */
    public AdapterContext {
        settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(renderer, "renderer");
        Objects.requireNonNull(clock, "clock");
    }

    /** No settings, no event listener, no renderer, the UTC system clock. */
    public static AdapterContext defaults() {
        return new AdapterContext(Map.of(), DeliveryEventListener.NONE, TemplateRenderer.NONE, Clock.systemUTC());
    }

    /** One setting, if given. */
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(Objects.requireNonNull(name, "name")));
    }

    /** This context with these settings instead. */
    public AdapterContext withSettings(Map<String, String> settings) {
        return new AdapterContext(settings, events, renderer, clock);
    }

    /** This context reporting events to this listener instead. */
    public AdapterContext withEvents(DeliveryEventListener events) {
        return new AdapterContext(settings, events, renderer, clock);
    }

    /** This context with this renderer instead. */
    public AdapterContext withRenderer(TemplateRenderer renderer) {
        return new AdapterContext(settings, events, renderer, clock);
    }

    /** This context with this clock instead. */
    public AdapterContext withClock(Clock clock) {
        return new AdapterContext(settings, events, renderer, clock);
    }
}
