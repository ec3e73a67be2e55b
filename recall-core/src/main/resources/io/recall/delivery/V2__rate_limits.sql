-- Recall delivery stores, version 2: rate limits shared by every worker on the database.
-- One row per bucket (the channels of an adapter); tat is the theoretical arrival time of the next
-- permit in epoch nanoseconds (NULL until first used), read and written under a row lock.
CREATE TABLE recall_rate_limit (
    bucket  VARCHAR(255) NOT NULL PRIMARY KEY,
    tat     BIGINT
);
