package io.recall.examples.sms;

import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.tck.ProviderProbe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One loopback server shared by every test of a kit run: the kit closes this view after each test, the test class
 * closes the server once ({@code @AfterAll}). Sharing is safe because the kit never reuses a recipient.
 */
public final class SharedProbe implements ProviderProbe {

    private final ProviderProbe server;

    public SharedProbe(ProviderProbe server) {
        this.server = server;
    }

    @Override
    public Set<Behaviour> behaviours() {
        return server.behaviours();
    }

    @Override
    public Optional<Duration> throttleRetryAfter() {
        return server.throttleRetryAfter();
    }

    @Override
    public boolean seesIdempotencyKeys() {
        return server.seesIdempotencyKeys();
    }

    @Override
    public boolean seesContent() {
        return server.seesContent();
    }

    @Override
    public Set<DeliveryEvent.Type> emittableEvents() {
        return server.emittableEvents();
    }

    @Override
    public void inject(Address recipient, Behaviour behaviour) {
        server.inject(recipient, behaviour);
    }

    @Override
    public List<Received> received() {
        return server.received();
    }

    @Override
    public void emit(DeliveryEvent.Type type, Received about) {
        server.emit(type, about);
    }

    @Override
    public void close() {
        // the server outlives the test; its class stops it
    }
}
