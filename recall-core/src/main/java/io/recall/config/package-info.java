/**
 * Configuration errors as values: every loader (segment schemes, scoring models, and later rule sets
 * and campaigns) collects all its problems with their JSON paths and throws one
 * {@link io.recall.config.ConfigException}.
 */
package io.recall.config;
