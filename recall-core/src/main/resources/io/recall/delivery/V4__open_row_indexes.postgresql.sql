-- Recall delivery stores, version 4 (PostgreSQL): indexes over the rows that can still change, so a
-- finished message leaves them and the outbox's working set stays the size of its backlog, not its history.
-- Due messages in claim order: the claim reads the first rows of this index, and sorts nothing.
CREATE INDEX recall_outbox_open ON recall_outbox (due_at, id) WHERE state IN ('QUEUED', 'DEFERRED');
-- Leases that may expire (releaseExpired).
CREATE INDEX recall_outbox_leased ON recall_outbox (lease_until) WHERE state = 'IN_FLIGHT';
-- Provider ids exist only once a message is SENT: rows without one need no entry.
CREATE INDEX recall_outbox_provider_sent ON recall_outbox (provider_id) WHERE provider_id IS NOT NULL;
DROP INDEX recall_outbox_due;
DROP INDEX recall_outbox_provider;
