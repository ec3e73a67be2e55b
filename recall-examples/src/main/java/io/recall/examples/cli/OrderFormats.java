package io.recall.examples.cli;

import io.recall.ingest.InputFormat;
import picocli.CommandLine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code --format} values of the commands that read an order file: the formats {@code OrderImporter} reads,
 * that is every {@link InputFormat} but {@link InputFormat#MAPPED} (mapped sources need a mapping and are read by
 * {@code recall import}). Each command states the formats it accepts; anything else is a usage error naming them.
 */
final class OrderFormats {

    /** The order-file formats, in the order help and errors list them. */
    static final List<InputFormat> ORDER_FILES = List.of(InputFormat.ONLINE_RETAIL, InputFormat.CDNOW,
            InputFormat.GENERIC, InputFormat.GROCERY);

    /** {@link #ORDER_FILES} for an option's description (an annotation needs a constant; a test keeps them equal). */
    static final String ORDER_FILES_TEXT = "online-retail, cdnow, generic or grocery";

    private OrderFormats() {
    }

    /**
     * The format {@code value} names, when it is one of {@code accepted}.
     *
     * @throws CommandLine.ParameterException (exit code 2) naming the accepted formats otherwise
     */
    static InputFormat parse(CommandLine commandLine, String value, List<InputFormat> accepted) {
        return InputFormat.byId(value).filter(accepted::contains).orElseThrow(() ->
                new CommandLine.ParameterException(commandLine, "--format must be one of "
                        + accepted.stream().map(InputFormat::id).collect(Collectors.joining(", ")) + " but was '"
                        + value + "'"));
    }
}
