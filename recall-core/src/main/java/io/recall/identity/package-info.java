/**
 * Identity resolution: which records from which sources (web shop, store membership, service desk) are
 * one person. Deterministic match keys, transitive merges, a blocklist for shared contacts, field
 * conflicts settled by source priority then recency, consents settled per channel by the newest statement,
 * provenance for every field and an explanation of every merge. The result depends only on the set of
 * records, never on their order or batching. Also the normalisation of names and countries.
 */
package io.recall.identity;
