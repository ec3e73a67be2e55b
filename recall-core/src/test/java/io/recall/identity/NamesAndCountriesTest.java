package io.recall.identity;

import io.recall.testing.SharedData;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesAndCountriesTest {

    @Nested
    class NameNormalisation {

        @Test
        void whiteSpaceIsCollapsedAndTheFormIsNfc() {
            assertEquals(Optional.of("Zoë Smith"), Names.normalize(" Zoe\u0308 \u00A0 Smith\t"));
            assertEquals(Optional.of("山田 太郎"), Names.normalize("山田\u3000\u3000太郎"), "ideographic spaces");
            assertEquals(Optional.of("Ana"), Names.normalize("\u200BAna\uFEFF"), "zero-width debris");
            assertEquals(Optional.of("Ann Lee"), Names.normalize("Ann\tLee\r\n"), "a tab is a space, not nothing");
            assertEquals(Optional.of("Ann Lee"), Names.normalize("Ann \u200B Lee"));
            assertEquals(Optional.of("José"), Names.normalize("Jose\u200B\u0301"), "debris between a letter and its accent");
            assertEquals(Optional.empty(), Names.normalize(" \u3000 "));
        }

        @Test
        void titleCaseOnlyTouchesLatinNamesTypedInOneCase() {
            assertEquals("John Smith", Names.titleCase("JOHN SMITH"));
            assertEquals("Anne-Marie O'Brien", Names.titleCase("anne-marie o'brien"));
            assertEquals("Straße", Names.titleCase("STRAßE".toLowerCase(java.util.Locale.ROOT)), "ß keeps its length");
            assertEquals("McDonald", Names.titleCase("McDonald"));
            assertEquals("van der Berg", Names.titleCase("van der Berg"));
            assertEquals("王小明", Names.titleCase("王小明"));
            assertEquals("ΝΙΚΟΣ", Names.titleCase("ΝΙΚΟΣ"), "Greek is left alone");
            assertEquals("WANG 小明", Names.titleCase("WANG 小明"), "a name with Han characters is left alone");
        }

        @Property(tries = 300)
        void normalisingIsIdempotent(@ForAll String raw) {
            Optional<String> once = Names.normalize(raw);
            assertEquals(once, once.flatMap(Names::normalize));
            once.ifPresent(n -> assertEquals(Names.titleCase(n), Names.titleCase(Names.titleCase(n))));
        }
    }

    @Nested
    class CountryCodes {

        @Test
        void codesNamesInEnglishAndChineseAndCommonAliasesMapToAlpha2() {
            assertEquals(Optional.of("DE"), Countries.toAlpha2("de"));
            assertEquals(Optional.of("DE"), Countries.toAlpha2("DEU"));
            assertEquals(Optional.of("DE"), Countries.toAlpha2(" germany "));
            assertEquals(Optional.of("DE"), Countries.toAlpha2("德国"));
            assertEquals(Optional.of("GB"), Countries.toAlpha2("U.K."));
            assertEquals(Optional.of("US"), Countries.toAlpha2("United States"));
            assertEquals(Optional.of("CI"), Countries.toAlpha2("Côte d’Ivoire"));
            assertEquals(Optional.of("IE"), Countries.toAlpha2("EIRE"));
            assertEquals(Optional.empty(), Countries.toAlpha2("Atlantis"));
            assertEquals(Optional.empty(), Countries.toAlpha2("European Community"), "not a country");
        }

        @Test
        void notAvailablePlaceholdersAreMissingNotNamibia() {
            for (String placeholder : List.of("n.a.", "N.A.", "n/a", "N/A", "na", "NA", " n.a ", "N / A")) {
                assertEquals(Optional.empty(), Countries.toAlpha2(placeholder), placeholder);
            }
            assertEquals(Countries.PLACEHOLDERS, java.util.Set.of("n.a.", "n.a", "n/a", "na"));
        }

        @Test
        void aTwoLetterCodeCountsOnlyWrittenWithoutDots() {
            assertEquals(Optional.of("DE"), Countries.toAlpha2("DE"));
            assertEquals(Optional.empty(), Countries.toAlpha2("D.E."), "an abbreviation, not the code DE");
            assertEquals(Optional.empty(), Countries.toAlpha2("n.z."));
            assertEquals(Optional.of("NZ"), Countries.toAlpha2("nz"));
            assertEquals(Optional.of("GB"), Countries.toAlpha2("U.K."), "a dotted name that is a country all the same");
            assertEquals(Optional.of("US"), Countries.toAlpha2("U.S."));
            assertEquals(Optional.of("US"), Countries.toAlpha2("U.S.A."));
            assertEquals(Optional.of("LC"), Countries.toAlpha2("St. Lucia"), "longer names still ignore dots");
        }

        @Test
        void onlineRetailCountriesMapExceptTheOnesThatAreNoCountry() throws IOException {
            TreeMap<String, Long> unknown = new TreeMap<>();
            TreeSet<String> known = new TreeSet<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    Files.newInputStream(SharedData.onlineRetail())), StandardCharsets.UTF_8))) {
                in.readLine();
                String line;
                while ((line = in.readLine()) != null) {
                    String country = line.substring(line.lastIndexOf(',') + 1);
                    Optional<String> code = Countries.toAlpha2(country);
                    if (code.isPresent()) {
                        known.add(code.get());
                    } else {
                        unknown.merge(country, 1L, Long::sum);
                    }
                }
            }
            assertEquals(new TreeSet<>(java.util.Set.of("Channel Islands", "European Community", "Unspecified")),
                    unknown.keySet(), "regions and placeholders are no ISO country: " + unknown);
            assertTrue(known.size() >= 34, known.toString());
        }
    }
}
