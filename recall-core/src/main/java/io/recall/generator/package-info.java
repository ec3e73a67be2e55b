/**
 * A seeded generator of realistic shop histories: the embedded default data of the demo and the CLI.
 */
package io.recall.generator;
