/**
 * Identity resolution: which records from which sources (web shop, store membership, service desk) are
 * one person. Deterministic match keys, transitive merges, a blocklist for shared contacts, field
 * conflicts settled by source priority then recency, provenance for every field and an explanation of
 * every merge. The result depends only on the set of records, never on their order or batching.
 */
package io.recall.identity;
