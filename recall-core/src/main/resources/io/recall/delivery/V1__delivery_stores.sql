-- Recall delivery stores, version 1. Plain SQL that H2 2.x and PostgreSQL 12+ both accept.
-- Instants are epoch nanoseconds (BIGINT): lossless, portable, and compared as numbers.
CREATE TABLE recall_outbox (
    id                    VARCHAR(255)  NOT NULL PRIMARY KEY,
    customer_id           VARCHAR(255)  NOT NULL,
    zone                  VARCHAR(64)   NOT NULL,
    plan                  TEXT          NOT NULL,
    enqueued_at           BIGINT        NOT NULL,
    state                 VARCHAR(20)   NOT NULL,
    reason                VARCHAR(40)   NOT NULL,
    detail                VARCHAR(1000) NOT NULL,
    due_at                BIGINT        NOT NULL,
    step                  INT           NOT NULL,
    step_attempts         INT           NOT NULL,
    total_attempts        INT           NOT NULL,
    open_attempt_number   INT,
    open_attempt_channel  VARCHAR(64),
    open_attempt_key      VARCHAR(255),
    open_attempt_worker   VARCHAR(255),
    open_attempt_at       BIGINT,
    lease_owner           VARCHAR(255),
    lease_until           BIGINT,
    provider_id           VARCHAR(255),
    updated_at            BIGINT        NOT NULL
);
CREATE INDEX recall_outbox_due ON recall_outbox (state, due_at);
CREATE INDEX recall_outbox_provider ON recall_outbox (provider_id);
CREATE TABLE recall_outbox_key (
    channel          VARCHAR(64)  NOT NULL,
    idempotency_key  VARCHAR(255) NOT NULL,
    entry_id         VARCHAR(255) NOT NULL,
    PRIMARY KEY (channel, idempotency_key)
);
CREATE TABLE recall_suppression (
    channel      VARCHAR(64)   NOT NULL,
    address_hash CHAR(64)      NOT NULL,
    address      TEXT          NOT NULL,
    reason       VARCHAR(20)   NOT NULL,
    at           BIGINT        NOT NULL,
    source       VARCHAR(1000) NOT NULL,
    PRIMARY KEY (channel, address_hash)
);
CREATE TABLE recall_consent (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  VARCHAR(255)  NOT NULL,
    channel      VARCHAR(64)   NOT NULL,
    purpose      VARCHAR(20)   NOT NULL,
    decision     VARCHAR(20)   NOT NULL,
    at           BIGINT        NOT NULL,
    text_version VARCHAR(255)  NOT NULL,
    source       VARCHAR(1000) NOT NULL
);
CREATE INDEX recall_consent_customer ON recall_consent (customer_id, channel, purpose, at);
CREATE TABLE recall_frequency (
    send_key     VARCHAR(300) NOT NULL PRIMARY KEY,
    customer_id  VARCHAR(255) NOT NULL,
    channel      VARCHAR(64)  NOT NULL,
    at           BIGINT       NOT NULL
);
CREATE INDEX recall_frequency_customer ON recall_frequency (customer_id, at);
CREATE TABLE recall_delivery_event (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fingerprint  CHAR(64) NOT NULL UNIQUE,
    event        TEXT     NOT NULL
);
