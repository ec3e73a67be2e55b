package io.recall.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration: where, what was expected, what was found.
 *
 * @param path     a JSON path such as {@code $.segments[2].when.r.min}, or a row reference
 * @param expected what would have been accepted
 * @param found    what was there
 */
public record ConfigProblem(String path, String expected, String found) {

    /** Validates that every part is present. */
    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(found, "found");
    }

    /** A one-line message: {@code $.levels: expected an integer 2..9, found 12}. */
    public String message() {
        return path + ": expected " + expected + ", found " + found;
    }

    @Override
    public String toString() {
        return message();
    }
}
