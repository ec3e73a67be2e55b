package io.recall.channels.tck;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kit exports its one package and needs only the SPI and the JUnit Jupiter API. */
class ModuleExportsTest {

    private static ModuleDescriptor tck() {
        return ModuleFinder.of(Path.of("target/classes")).find("io.recall.channels.tck").orElseThrow().descriptor();
    }

    @Test
    void exportsExactlyTheKitPackage() {
        assertEquals(Set.of("io.recall.channels.tck"), tck().exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet()));
        assertEquals(Set.of("io.recall.channels.tck"), tck().packages());
    }

    @Test
    void requiresTheSpiAndJupiterTransitively() {
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = tck().requires().stream()
                .filter(r -> !r.name().equals("java.base"))
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        assertEquals(Map.of("io.recall.channels", Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE),
                "org.junit.jupiter.api", Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), requires);
    }

    @Test
    void opensItsPackageToJUnitOnly() {
        assertEquals(Set.of("org.junit.platform.commons"), tck().opens().stream()
                .flatMap(o -> o.targets().stream()).collect(Collectors.toSet()));
    }
}
