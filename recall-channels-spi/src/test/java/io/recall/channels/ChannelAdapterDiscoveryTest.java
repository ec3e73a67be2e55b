package io.recall.channels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelAdapterDiscoveryTest {

    @TempDir
    Path dir;

    private ClassLoader withServices(String... classNames) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.write(services.resolve(ChannelAdapterProvider.class.getName()), List.of(classNames));
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    private static List<String> names(ChannelAdapterDiscovery d) {
        return d.providers().stream().map(ChannelAdapterProvider::name).collect(Collectors.toList());
    }

    private static String problems(ChannelAdapterDiscovery d) {
        return d.problems().stream().map(ChannelAdapterDiscovery.Problem::message).collect(Collectors.joining("\n"));
    }

    @Test
    void oneProviderPerChannelIsFoundWithoutProblems() throws IOException {
        ChannelAdapterDiscovery d = ChannelAdapterDiscovery.load(withServices(
                TestProviders.Email.class.getName(), TestProviders.Sms.class.getName()));
        assertEquals(List.of("test-email", "test-sms"), names(d));
        assertEquals(List.of(), d.problems());
        assertEquals("test-sms", d.forChannel(Channel.SMS).orElseThrow().name());
        assertEquals(Optional.empty(), d.forChannel(Channel.PUSH));
        assertEquals("test-email", d.named("test-email").orElseThrow().name());
    }

    @Test
    void noProviderIsAProblemThatSaysWhatToDo() throws IOException {
        ChannelAdapterDiscovery d = ChannelAdapterDiscovery.load(withServices());
        assertEquals(List.of(), d.providers());
        assertTrue(problems(d).startsWith("No channel adapter providers were found"), problems(d));
        assertTrue(problems(d).contains("added as a dependency or created in code"), problems(d));
    }

    @Test
    void aFailingProviderIsSkippedAndTheOthersStillLoad() throws IOException {
        ChannelAdapterDiscovery d = ChannelAdapterDiscovery.load(withServices(
                TestProviders.FailsToConstruct.class.getName(), "com.example.DoesNotExist",
                TestProviders.Email.class.getName(), TestProviders.ThrowsOnName.class.getName(),
                TestProviders.NoChannels.class.getName()));
        assertEquals(List.of("test-email"), names(d));
        String p = problems(d);
        assertEquals(4, d.problems().size(), p);
        assertTrue(p.contains("failed to load and was skipped") && p.contains("FailsToConstruct"), p);
        assertTrue(p.contains("com.example.DoesNotExist"), p);
        assertTrue(p.contains("ThrowsOnName failed to describe itself"), p);
        assertTrue(p.contains("NoChannels was skipped: it must have a non-blank name() and at least one channel"), p);
        assertTrue(d.problems().get(0).cause().isPresent());
    }

    @Test
    void severalProvidersForOneChannelAreKeptButNotChosen() throws IOException {
        ChannelAdapterDiscovery d = ChannelAdapterDiscovery.load(withServices(
                TestProviders.Sms.class.getName(), TestProviders.OtherSms.class.getName()));
        assertEquals(List.of("test-sms", "other-sms"), names(d));
        assertEquals(Optional.empty(), d.forChannel(Channel.SMS));
        assertEquals("other-sms", d.named("other-sms").orElseThrow().name());
        assertTrue(problems(d).startsWith("Several channel adapter providers serve channel 'sms': test-sms ("), problems(d));
        assertTrue(problems(d).contains("-D" + ChannelAdapterDiscovery.PROVIDERS_PROPERTY), problems(d));
    }

    @Test
    void aSecondProviderWithATakenNameIsSkipped() throws IOException {
        ChannelAdapterDiscovery d = ChannelAdapterDiscovery.load(withServices(
                TestProviders.Email.class.getName(), TestProviders.EmailImpostor.class.getName()));
        assertEquals(1, d.providers().size());
        assertTrue(d.providers().get(0) instanceof TestProviders.Email);
        assertTrue(problems(d).startsWith("Two channel adapter providers are named 'test-email'"), problems(d));
    }

    @Test
    void namedClassesReplaceTheSearch() throws IOException {
        ClassLoader loader = withServices(TestProviders.Email.class.getName());
        ChannelAdapterDiscovery d = ChannelAdapterDiscovery.loadNamed(loader, List.of(TestProviders.OtherSms.class.getName(),
                "com.example.Missing", String.class.getName()));
        assertEquals(List.of("other-sms"), names(d));
        String p = problems(d);
        assertTrue(p.contains("'com.example.Missing' named by -Drecall.channels.providers could not be instantiated"), p);
        assertTrue(p.contains("'java.lang.String' named by -Drecall.channels.providers does not implement"), p);
    }

    @Test
    void discoverReadsTheSystemProperty() {
        String old = System.getProperty(ChannelAdapterDiscovery.PROVIDERS_PROPERTY);
        System.setProperty(ChannelAdapterDiscovery.PROVIDERS_PROPERTY, " " + TestProviders.Sms.class.getName() + " , ");
        try {
            ChannelAdapterDiscovery d = ChannelAdapterDiscovery.discover();
            assertEquals(List.of("test-sms"), names(d));
            assertEquals(List.of(), d.problems());
        } finally {
            if (old == null) {
                System.clearProperty(ChannelAdapterDiscovery.PROVIDERS_PROPERTY);
            } else {
                System.setProperty(ChannelAdapterDiscovery.PROVIDERS_PROPERTY, old);
            }
        }
    }
}
