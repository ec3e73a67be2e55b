/**
 * Segments: schemes as data ({@link io.recall.segment.SegmentScheme}, with the built-ins {@code seed4},
 * {@code rfm8} and {@code rfm11}) and the {@link io.recall.segment.Segmenter} that classifies customers
 * inline against a fitted scoring model.
 */
package io.recall.segment;
