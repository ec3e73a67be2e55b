/** Journey internals: the JSON shape and checks, and the store implementations. Not exported. */
package io.recall.journey.internal;
