/** Implementation of the delivery pipeline: in-memory stores, pacing and log masking. Not exported. */
package io.recall.delivery.internal;
