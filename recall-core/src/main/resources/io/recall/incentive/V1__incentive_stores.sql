-- Recall incentive stores, version 1. Plain SQL that H2 2.x and PostgreSQL 12+ both accept.
-- Instants are epoch nanoseconds (BIGINT); money is in minor units of the rule set's currency (BIGINT).
CREATE TABLE recall_coupon (
    code             VARCHAR(64)  NOT NULL PRIMARY KEY,
    campaign_id      VARCHAR(255) NOT NULL,
    customer_id      VARCHAR(255),
    max_redemptions  INT          NOT NULL,
    per_customer     INT          NOT NULL,
    issued_at        BIGINT       NOT NULL,
    expires_at       BIGINT       NOT NULL,
    status           VARCHAR(10)  NOT NULL,
    reserved         INT          NOT NULL,
    redeemed         INT          NOT NULL,
    CONSTRAINT recall_coupon_limit CHECK (reserved >= 0 AND redeemed >= 0 AND reserved + redeemed <= max_redemptions)
);
CREATE INDEX recall_coupon_expiry ON recall_coupon (status, expires_at);
CREATE TABLE recall_coupon_use (
    code         VARCHAR(64)  NOT NULL,
    order_id     VARCHAR(255) NOT NULL,
    customer_id  VARCHAR(255) NOT NULL,
    state        VARCHAR(10)  NOT NULL,
    at           BIGINT       NOT NULL,
    hold_until   BIGINT       NOT NULL,
    PRIMARY KEY (code, order_id)
);
CREATE INDEX recall_coupon_use_customer ON recall_coupon_use (code, customer_id);
CREATE INDEX recall_coupon_use_hold ON recall_coupon_use (state, hold_until);
-- Budget use per budget and period: scope is the campaign (or * for a budget shared by every campaign),
-- period_start the local start date of the period (or - for a budget that never resets).
CREATE TABLE recall_budget_use (
    scope            VARCHAR(255) NOT NULL,
    budget_id        VARCHAR(128) NOT NULL,
    period_start     VARCHAR(10)  NOT NULL,
    currency         CHAR(3)      NOT NULL,
    reserved_minor   BIGINT       NOT NULL,
    committed_minor  BIGINT       NOT NULL,
    reserved_count   BIGINT       NOT NULL,
    committed_count  BIGINT       NOT NULL,
    PRIMARY KEY (scope, budget_id, period_start)
);
CREATE TABLE recall_budget_customer (
    campaign     VARCHAR(255) NOT NULL,
    customer_id  VARCHAR(255) NOT NULL,
    live         INT          NOT NULL,
    PRIMARY KEY (campaign, customer_id)
);
CREATE TABLE recall_budget_reservation (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    campaign     VARCHAR(255) NOT NULL,
    customer_id  VARCHAR(255) NOT NULL,
    rule_id      VARCHAR(64)  NOT NULL,
    minor        BIGINT       NOT NULL,
    status       VARCHAR(10)  NOT NULL,
    made_at      BIGINT       NOT NULL,
    expires_at   BIGINT       NOT NULL
);
CREATE INDEX recall_budget_reservation_due ON recall_budget_reservation (campaign, status, expires_at);
CREATE TABLE recall_budget_hold (
    reservation_id  VARCHAR(64)  NOT NULL,
    scope           VARCHAR(255) NOT NULL,
    budget_id       VARCHAR(128) NOT NULL,
    period_start    VARCHAR(10)  NOT NULL,
    PRIMARY KEY (reservation_id, scope, budget_id, period_start)
);
-- Points: one row per account (locked while an operation decides) and its append-only lines.
CREATE TABLE recall_points_account (
    customer_id  VARCHAR(255) NOT NULL PRIMARY KEY,
    lines        BIGINT       NOT NULL
);
CREATE TABLE recall_points_entry (
    customer_id   VARCHAR(255) NOT NULL,
    operation_id  VARCHAR(255) NOT NULL,
    seq           BIGINT       NOT NULL,
    kind          VARCHAR(10)  NOT NULL,
    points        BIGINT       NOT NULL,
    at            BIGINT       NOT NULL,
    available_at  BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    lot           VARCHAR(255),
    PRIMARY KEY (customer_id, operation_id),
    CONSTRAINT recall_points_entry_seq UNIQUE (customer_id, seq)
);
-- Member tiers: each member's append-only history, numbered from 1.
CREATE TABLE recall_tier_change (
    customer_id  VARCHAR(255) NOT NULL,
    seq          INT          NOT NULL,
    from_tier    VARCHAR(64),
    to_tier      VARCHAR(64)  NOT NULL,
    reason       VARCHAR(12)  NOT NULL,
    at           BIGINT       NOT NULL,
    kept_until   BIGINT       NOT NULL,
    PRIMARY KEY (customer_id, seq)
);
