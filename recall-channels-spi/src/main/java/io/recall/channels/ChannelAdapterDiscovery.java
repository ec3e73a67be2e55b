package io.recall.channels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the {@link ChannelAdapterProvider}s on the class path and module path, in the manner of SLF4J 2's
 * {@code LoggerFactory}: every problem is caught, kept, and explained, and none stops discovery.
 *
 * <p>{@link #discover()} is what a host calls:
 * <ul>
 *   <li>If the system property {@value #PROVIDERS_PROPERTY} is set (a comma-separated list of provider class
 *       names), exactly those classes are instantiated and {@link ServiceLoader} is not consulted.</li>
 *   <li>Otherwise every provider registered through {@code module-info} {@code provides} or
 *       {@code META-INF/services} is instantiated; one that fails ({@link ServiceConfigurationError}, or a
 *       {@link RuntimeException} from its {@code name()} or {@code channels()}) is skipped with a problem.</li>
 *   <li><b>None found:</b> {@link #providers()} is empty, with a problem saying so; nothing can be sent until an
 *       adapter is added or created in code.</li>
 *   <li><b>Several found:</b> all are kept, in discovery order (which means nothing). A second provider with
 *       a name already taken is skipped. When several serve one channel, {@link #forChannel} returns none for
 *       it, with a problem naming them and how to choose: {@link #named(String)} or the system property.</li>
 * </ul>
 * Each problem is also logged once at {@code WARNING} through {@link System.Logger}
 * ({@code io.recall.channels.ChannelAdapterDiscovery}). {@link #load} and {@link #loadNamed} do the same
 * without reading the property or logging. Instances are immutable.
 */
public final class ChannelAdapterDiscovery {

    /** The system property that names the provider classes to use instead of searching. */
    public static final String PROVIDERS_PROPERTY = "recall.channels.providers";

    private static final System.Logger LOG = System.getLogger(ChannelAdapterDiscovery.class.getName());
    private static final String SERVICE = ChannelAdapterProvider.class.getName();
    /** A corrupt services file can make a ServiceLoader iterator fail on every step; stop well before forever. */
    private static final int MAX_FAILURES = 100;

    private final List<Found> found;
    private final List<ChannelAdapterProvider> providers;
    private final List<Problem> problems;

    /** A provider with what it said about itself when found, so a provider is asked only once. */
    private record Found(ChannelAdapterProvider provider, String name, Set<Channel> channels) {
    }

    /**
     * Something the operator should know about: a provider that failed to load, none at all, a clash.
     *
     * @param message what happened and what to do, in one or two sentences
     * @param cause   the error behind it, if any
     */
    public record Problem(String message, Optional<Throwable> cause) {

        /** Validates that nothing is missing. */
        public Problem {
            Checks.text(message, "message", 4000);
            Objects.requireNonNull(cause, "cause");
        }
    }

    private ChannelAdapterDiscovery(List<Found> candidates, List<Problem> problems) {
        List<Problem> all = new ArrayList<>(problems);
        Map<String, Found> byName = new LinkedHashMap<>();
        for (Found candidate : candidates) {
            Found taken = byName.putIfAbsent(candidate.name(), candidate);
            if (taken != null) {
                all.add(new Problem("Two channel adapter providers are named '" + candidate.name() + "': "
                        + taken.provider().getClass().getName() + " and " + candidate.provider().getClass().getName()
                        + "; the second was skipped. Remove one from the class path, or name the ones to use with -D"
                        + PROVIDERS_PROPERTY + "=<class>,<class>.", Optional.empty()));
            }
        }
        this.found = List.copyOf(byName.values());
        this.providers = found.stream().map(Found::provider).collect(Collectors.toUnmodifiableList());
        if (providers.isEmpty()) {
            all.add(new Problem("No channel adapter providers were found (service " + SERVICE + " on the class path"
                    + " and module path). No channel can send until an adapter is added as a dependency or created"
                    + " in code.", Optional.empty()));
        }
        Map<Channel, List<Found>> byChannel = new LinkedHashMap<>();
        for (Found f : found) {
            for (Channel channel : f.channels()) {
                byChannel.computeIfAbsent(channel, c -> new ArrayList<>()).add(f);
            }
        }
        byChannel.forEach((channel, serving) -> {
            if (serving.size() > 1) {
                all.add(new Problem("Several channel adapter providers serve channel '" + channel + "': "
                        + serving.stream().map(f -> f.name() + " (" + f.provider().getClass().getName() + ")")
                                .collect(Collectors.joining(", "))
                        + ". forChannel(" + channel + ") returns none; choose with named(...), or name the providers"
                        + " to use with -D" + PROVIDERS_PROPERTY + "=<class>,<class>.", Optional.empty()));
            }
        });
        this.problems = List.copyOf(all);
    }

    /**
     * Discovers providers as the class javadoc describes, with the thread's context class loader (or this
     * class's loader when there is none), and logs each problem.
     */
    public static ChannelAdapterDiscovery discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ChannelAdapterDiscovery.class.getClassLoader();
        }
        String named = System.getProperty(PROVIDERS_PROPERTY, "").strip();
        ChannelAdapterDiscovery discovery;
        if (named.isEmpty()) {
            discovery = load(loader);
        } else {
            LOG.log(System.Logger.Level.INFO, "Using the channel adapter providers named by -D{0}: {1}",
                    PROVIDERS_PROPERTY, named);
            discovery = loadNamed(loader, Arrays.stream(named.split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).collect(Collectors.toList()));
        }
        for (Problem problem : discovery.problems) {
            LOG.log(System.Logger.Level.WARNING, problem.message(), problem.cause().orElse(null));
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "Channel adapter providers: " + discovery.found.stream()
                .map(f -> f.name() + " " + f.channels()).collect(Collectors.joining(", ")));
        return discovery;
    }

    /**
     * Instantiates every provider that {@link ServiceLoader} finds through {@code loader}; no logging.
     *
     * @param loader the class loader to search
     */
    public static ChannelAdapterDiscovery load(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        List<Found> found = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Iterator<ChannelAdapterProvider> it = ServiceLoader.load(ChannelAdapterProvider.class, loader).iterator();
        int failures = 0;
        while (failures < MAX_FAILURES) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                accept(it.next(), found, problems);
            } catch (ServiceConfigurationError e) {
                failures++;
                problems.add(new Problem("A channel adapter provider failed to load and was skipped: "
                        + e.getMessage(), Optional.of(e)));
            }
        }
        if (failures == MAX_FAILURES) {
            problems.add(new Problem("Gave up searching for channel adapter providers after " + MAX_FAILURES
                    + " failures; check the META-INF/services/" + SERVICE + " files on the class path.", Optional.empty()));
        }
        return new ChannelAdapterDiscovery(found, problems);
    }

    /**
     * Instantiates the named provider classes through {@code loader}, without searching; no logging.
     *
     * @param loader     the class loader to load them with
     * @param classNames fully qualified class names, each with a public no-argument constructor
     */
    public static ChannelAdapterDiscovery loadNamed(ClassLoader loader, List<String> classNames) {
        Objects.requireNonNull(loader, "loader");
        List<Found> found = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String name : List.copyOf(classNames)) {
            Object instance;
            try {
                instance = Class.forName(name, true, loader).getConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                        ? ite.getCause() : e;
                problems.add(new Problem("Channel adapter provider class '" + name + "' named by -D" + PROVIDERS_PROPERTY
                        + " could not be instantiated and was skipped: " + cause
                        + ". It needs a public no-argument constructor in a package the io.recall.channels module can"
                        + " read.", Optional.of(cause)));
                continue;
            }
            if (instance instanceof ChannelAdapterProvider provider) {
                accept(provider, found, problems);
            } else {
                problems.add(new Problem("Class '" + name + "' named by -D" + PROVIDERS_PROPERTY + " does not implement "
                        + SERVICE + " and was skipped.", Optional.empty()));
            }
        }
        return new ChannelAdapterDiscovery(found, problems);
    }

    private static void accept(ChannelAdapterProvider provider, List<Found> found,
                               List<Problem> problems) {
        String className = provider.getClass().getName();
        try {
            String name = provider.name();
            Set<Channel> channels = provider.channels();
            if (name == null || name.isBlank() || channels == null || channels.isEmpty()) {
                problems.add(new Problem("Channel adapter provider " + className + " was skipped: it must have a"
                        + " non-blank name() and at least one channel, but has name " + (name == null ? "null" : "'"
                        + name + "'") + " and channels " + channels + ".", Optional.empty()));
                return;
            }
            found.add(new Found(provider, name, Set.copyOf(channels)));
        } catch (RuntimeException e) {
            problems.add(new Problem("Channel adapter provider " + className + " failed to describe itself and was"
                    + " skipped: " + e, Optional.of(e)));
        }
    }

    /** The providers found, in discovery order, each name once. */
    public List<ChannelAdapterProvider> providers() {
        return providers;
    }

    /** What went wrong or needs a choice; empty when exactly one provider serves each channel. */
    public List<Problem> problems() {
        return problems;
    }

    /** The provider with this name, if found. */
    public Optional<ChannelAdapterProvider> named(String name) {
        Objects.requireNonNull(name, "name");
        return found.stream().filter(f -> f.name().equals(name)).map(Found::provider).findFirst();
    }

    /** The one provider serving this channel; empty when none does or several do (see {@link #problems()}). */
    public Optional<ChannelAdapterProvider> forChannel(Channel channel) {
        Objects.requireNonNull(channel, "channel");
        List<ChannelAdapterProvider> serving = found.stream().filter(f -> f.channels().contains(channel))
                .map(Found::provider).collect(Collectors.toList());
        return serving.size() == 1 ? Optional.of(serving.get(0)) : Optional.empty();
    }
}
