/**
 * A seeded generator of realistic shop histories: the embedded default data of the demo and the CLI; a seeded
 * {@link io.recall.generator.ResponseModel} of how customers respond to a campaign, with a known uplift; and a
 * seeded {@link io.recall.generator.EngagementModel} of the delivery events (delivered, opened, clicked) providers
 * report for sent messages.
 */
package io.recall.generator;
