package io.recall.channels;

import java.util.Set;

/**
 * Creates a plugin's adapters; the service that {@link ChannelAdapterDiscovery} finds.
 *
 * <p>Register an implementation in {@code module-info.java}
 * ({@code provides io.recall.channels.ChannelAdapterProvider with com.example.SmtpProvider;}) and, for the
 * class path, in {@code META-INF/services/io.recall.channels.ChannelAdapterProvider}. It needs a public
 * no-argument constructor that does no I/O: discovery instantiates every provider it finds.
 */
public interface ChannelAdapterProvider {

    /** A short, stable name that hosts choose this provider by, such as {@code "smtp"}. */
    String name();

    /** The channels this provider's adapters serve, known without creating one. */
    Set<Channel> channels();

    /**
     * Creates an adapter.
     *
     * @param context the settings, event listener, renderer and clock
     * @return a new adapter, ready to send
     * @throws IllegalArgumentException if a setting is missing or bad, naming it
     */
    ChannelAdapter create(AdapterContext context);
}
