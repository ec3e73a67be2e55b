package io.recall.examples.cli;

import io.recall.generator.ShopGenerator;
import io.recall.ingest.GenericCsvWriter;
import io.recall.ingest.InputFormat;
import io.recall.model.Customer;
import io.recall.rfm.Binning;
import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.MonetaryBasis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code recall demo}: the main job on built-in generated shop data, so it runs on a fresh machine with
 * nothing but a JDK. Generates a shop, writes its orders as a generic CSV, then segments it exactly as
 * {@code recall segment} would.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a realistic shop, import it, fit RFM scores and segment every customer.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--customers", defaultValue = "5000", description = "How many customers (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same shop.")
    long seed;

    @Option(names = "--scheme", defaultValue = "rfm11", description = "seed4, rfm8, rfm11 or a scheme JSON file.")
    String scheme;

    @Option(names = "--out", defaultValue = "recall-demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Files.createDirectories(out);
        ShopGenerator generator = ShopGenerator.newBuilder().seed(seed).customers(customers).build();
        Path orders = out.resolve("orders.csv");
        long rows;
        try (Writer writer = Files.newBufferedWriter(orders, StandardCharsets.UTF_8);
             GenericCsvWriter csv = GenericCsvWriter.to(writer)) {
            for (Iterator<Customer> it = generator.stream().iterator(); it.hasNext(); ) {
                csv.write(it.next().history());
            }
            rows = csv.rows();
        }
        stdout.printf("generated %,d customers (seed %d): %,d order lines in %s%n", customers, seed, rows, orders);
        SegmentJob.Settings settings = new SegmentJob.Settings(orders, InputFormat.GENERIC, Optional.empty(), scheme,
                Binning.QUANTILE, FrequencyBasis.ORDERS, MonetaryBasis.TOTAL, Optional.empty(),
                Optional.of(out.resolve("segments.csv")), Optional.of(out.resolve("summary.json")),
                Optional.of(out.resolve("model.json")), Optional.empty(), Optional.empty());
        SegmentJob.Result result = SegmentJob.run(settings, Progress.forTerminal("importing orders.csv"));
        SegmentCommand.Report.print(stdout, result);
        stdout.printf("wrote %s, %s and %s%n", out.resolve("segments.csv"), out.resolve("summary.json"),
                out.resolve("model.json"));
        stdout.flush();
        return 0;
    }
}
