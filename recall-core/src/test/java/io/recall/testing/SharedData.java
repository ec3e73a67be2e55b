package io.recall.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the real public data sets in {@code ../shared/data} beside the project root, or where the system
 * property {@code recall.data.dir} says. A missing file fails the test with a clear message: tests on
 * real data never skip silently.
 */
public final class SharedData {

    /** The system property that overrides where the data sets are. */
    public static final String PROPERTY = "recall.data.dir";

    private SharedData() {
    }

    /** The data directory. */
    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank() && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        // Walk up from the working directory to the project root (the folder with .ci or the parent pom).
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("../shared/data").normalize();
            if (Files.isDirectory(dir.resolve(".ci")) && Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the shared data sets: set -D" + PROPERTY
                + "=/path/to/shared/data (looked for ../shared/data beside the project root; "
                + PROPERTY + " was " + configured + ")");
    }

    /** A file in the data directory, e.g. {@code file("online_retail/online_retail.csv.gz")}. */
    public static Path file(String relative) {
        Path file = dir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("shared data file missing: " + file + " (see ../shared/data/README.md)");
        }
        return file;
    }

    public static Path onlineRetail() {
        return file("online_retail/online_retail.csv.gz");
    }

    public static Path cdnowMaster() {
        return file("cdnow/CDNOW_master.txt");
    }
}
