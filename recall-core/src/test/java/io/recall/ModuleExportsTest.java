package io.recall;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The module exports exactly the public API packages; implementation stays in io.recall.internal. */
class ModuleExportsTest {

    @Test
    void coreExportsOnlyThePublicPackages() {
        ModuleDescriptor core = ModuleFinder.of(Path.of("target/classes")).find("io.recall.core").orElseThrow().descriptor();
        Set<String> exports = core.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("io.recall.model", "io.recall.rfm", "io.recall.segment", "io.recall.config",
                "io.recall.ingest", "io.recall.generator", "io.recall.identity", "io.recall.incentive", "io.recall.predict",
                "io.recall.delivery", "io.recall.recommend", "io.recall.campaign", "io.recall.measure",
                "io.recall.journey", "io.recall.report"), exports);
        assertEquals(Set.of("io.recall.internal", "io.recall.predict.internal", "io.recall.delivery.internal",
                "io.recall.campaign.internal", "io.recall.measure.internal",
                "io.recall.journey.internal", "io.recall.report.internal"), core.packages().stream()
                .filter(p -> !exports.contains(p)).collect(Collectors.toSet()));
    }

    @Test
    void coreRequiresOnlyTheSpiJacksonSlf4jAndJdbc() {
        ModuleDescriptor core = ModuleFinder.of(Path.of("target/classes")).find("io.recall.core").orElseThrow().descriptor();
        Set<String> requires = core.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(n -> !n.equals("java.base")).collect(Collectors.toSet());
        assertEquals(Set.of("io.recall.channels", "com.fasterxml.jackson.databind",
                "com.fasterxml.jackson.dataformat.csv", "org.slf4j", "java.sql"), requires);
    }
}
