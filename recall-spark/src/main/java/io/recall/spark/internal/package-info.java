/** Spark functions and helpers behind {@code io.recall.spark}; not API. */
package io.recall.spark.internal;
