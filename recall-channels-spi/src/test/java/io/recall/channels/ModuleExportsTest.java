package io.recall.channels;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SPI module is one exported package, needs nothing but java.base, and uses the provider service. */
class ModuleExportsTest {

    private static ModuleDescriptor spi() {
        return ModuleFinder.of(Path.of("target/classes")).find("io.recall.channels").orElseThrow().descriptor();
    }

    @Test
    void exportsExactlyTheSpiPackage() {
        Set<String> exports = spi().exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("io.recall.channels"), exports);
        assertEquals(exports, spi().packages(), "every package is exported: the SPI has no internals");
        spi().exports().forEach(e -> assertEquals(Set.of(), e.targets(), "exported to everyone"));
    }

    @Test
    void requiresOnlyTheJdkBase() {
        assertEquals(Set.of("java.base"), spi().requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet()));
    }

    @Test
    void usesTheProviderServiceAndProvidesNothing() {
        assertEquals(Set.of(ChannelAdapterProvider.class.getName()), spi().uses());
        assertEquals(Set.of(), spi().provides());
    }
}
