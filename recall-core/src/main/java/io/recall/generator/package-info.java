/**
 * A seeded generator of realistic shop histories: the embedded default data of the demo and the CLI; and a
 * seeded {@link io.recall.generator.ResponseModel} of how customers respond to a campaign, with a known uplift.
 */
package io.recall.generator;
