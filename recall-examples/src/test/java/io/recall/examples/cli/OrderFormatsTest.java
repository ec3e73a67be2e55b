package io.recall.examples.cli;

import io.recall.ingest.InputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command reading an order file accepts exactly the order-file formats and says so, in help and errors. */
class OrderFormatsTest {

    /** Each command with the other options it requires. */
    private static final Map<String, List<String>> COMMANDS = Map.of(
            "segment", List.of(),
            "offers", List.of("--rules", "r.json"),
            "recommend", List.of(),
            "callback-list", List.of("--contacts", "c.csv", "--output", "o.csv"),
            "audience", List.of("--contacts", "c.csv", "--destination", "meta", "--output", "o.csv"));

    private static String[] args(String command, String format) {
        List<String> all = new java.util.ArrayList<>(List.of(command, "--input", "x.csv", "--format", format));
        all.addAll(COMMANDS.get(command));
        return all.toArray(String[]::new);
    }

    /** The format the command's settings carry after parsing {@code format}. */
    private static InputFormat parsedFormat(String command, String format) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args(command, format));
        Object user = parsed.subcommand().commandSpec().userObject();
        Map<Class<?>, Function<Object, InputFormat>> settings = Map.of(
                SegmentCommand.class, c -> ((SegmentCommand) c).settings().format(),
                OffersCommand.class, c -> ((OffersCommand) c).settings().format(),
                RecommendCommand.class, c -> ((RecommendCommand) c).settings().format(),
                CallbackListCommand.class, c -> ((CallbackListCommand) c).settings().format(),
                AudienceCommand.class, c -> ((AudienceCommand) c).settings().format());
        return settings.get(user.getClass()).apply(user);
    }

    @Test
    void theDescriptionNamesTheOrderFileFormats() {
        assertEquals(OrderFormats.ORDER_FILES.stream().map(InputFormat::id).collect(Collectors.joining(", "))
                        .replaceFirst(", (?=[^,]*$)", " or "), OrderFormats.ORDER_FILES_TEXT);
        assertTrue(!OrderFormats.ORDER_FILES.contains(InputFormat.MAPPED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"segment", "offers", "recommend", "callback-list", "audience"})
    void everyOrderFileFormatIsAcceptedAndListedInHelp(String command) {
        assertAll(OrderFormats.ORDER_FILES.stream().map(f -> () -> assertEquals(f, parsedFormat(command, f.id()))));
        SegmentCommandTest.Run help = SegmentCommandTest.run(command, "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().replaceAll("\\s+", " ").contains("online-retail, cdnow, generic or grocery"), help.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"segment", "offers", "recommend", "callback-list", "audience"})
    void mappedAndUnknownFormatsAreUsageErrorsListingTheAcceptedOnes(String command) {
        for (String format : List.of("mapped", "excel")) {
            SegmentCommandTest.Run r = SegmentCommandTest.run(args(command, format));
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("--format must be one of online-retail, cdnow, generic, grocery but was '"
                    + format + "'"), r.err());
        }
    }
}
