/** Implementation details of recall-core; not exported, not API. */
package io.recall.internal;
