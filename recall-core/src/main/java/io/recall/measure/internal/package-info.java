/** Interval arithmetic and result writers for measurement; not exported. */
package io.recall.measure.internal;
