/**
 * Holdout measurement of campaigns: conversions within an attribution window, rates with Wilson intervals,
 * uplift with Newcombe's interval, incremental revenue, incentive cost and ROI, per campaign, segment and
 * channel, as immutable records with JSON and CSV output.
 */
package io.recall.measure;
