-- Recall journey stores, version 1. Instants are epoch nanoseconds (BIGINT), as in the delivery stores.
-- One row per distinct fact; id is derived from what the fact says, so a resent event is stored once.
CREATE TABLE recall_journey_fact (
    customer_id VARCHAR(255) NOT NULL,
    id          VARCHAR(700) NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    ref         VARCHAR(512) NOT NULL,
    detail      VARCHAR(64)  NOT NULL,
    at_nanos    BIGINT       NOT NULL,
    PRIMARY KEY (customer_id, id)
);
-- The latest entry of each customer in each journey; every change is a compare-and-set on version.
CREATE TABLE recall_journey_instance (
    journey_id   VARCHAR(64)  NOT NULL,
    customer_id  VARCHAR(255) NOT NULL,
    entry_no     INT          NOT NULL,
    step_id      VARCHAR(64)  NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    triggered_at BIGINT       NOT NULL,
    entered_at   BIGINT       NOT NULL,
    due_at       BIGINT       NOT NULL,
    version      BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL,
    PRIMARY KEY (journey_id, customer_id)
);
CREATE INDEX recall_journey_instance_due ON recall_journey_instance (journey_id, status, due_at);
