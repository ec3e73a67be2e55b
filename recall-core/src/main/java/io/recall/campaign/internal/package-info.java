/** Campaign JSON, hashing and running details; not exported. */
package io.recall.campaign.internal;
