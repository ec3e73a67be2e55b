-- Recall delivery stores, version 3: one row per customer whose frequency caps were checked, locked
-- (SELECT ... FOR UPDATE) while a worker counts the customer's sends and records a new one, so the cap
-- check and the record are atomic across workers.
CREATE TABLE recall_frequency_lock (
    customer_id  VARCHAR(255) NOT NULL PRIMARY KEY
);
