package io.recall.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code recall} command-line tool: {@code java -jar recall-examples/target/recall.jar COMMAND}.
 */
@Command(name = "recall", mixinStandardHelpOptions = true, version = "recall 0.1.0",
        description = "Win back the customers you already have: segment, predict, offer, reach out, measure.",
        subcommands = {SegmentCommand.class, ImportCommand.class, PredictCommand.class, RecommendCommand.class,
                OffersCommand.class, CallbackListCommand.class, AudienceCommand.class, ReportCommand.class, CampaignCommand.class,
                JourneysCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point; exits with the command's code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns the exit code (0 ok, 1 bad data or configuration, 2 bad usage). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for tests that parse without running. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // Bad input and bad configuration are the user's to fix: a clear message, not a stack trace.
            // Programming errors (IllegalStateException, NullPointerException, ...) keep their stack trace.
            if (ex instanceof IllegalArgumentException || ex instanceof io.recall.ingest.ImportException
                    || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("recall: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
