/** Implementation details of the audience export: normalisation and hashing. Not API. */
package io.recall.examples.audience.internal;
