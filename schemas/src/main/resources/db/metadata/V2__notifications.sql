-- Notification dispatch: the dispatcher's view of each alert, alerts grouped by route with their
-- timers (last_digest: the firing fingerprints last notified), every notification with its
-- delivery, and escalation steps taken. The routing policy itself is the row 'default' of
-- notification_routes. A flush claims its group by moving next_flush_at; a delivery claims its
-- notification with lease_until, so several API replicas share the work.

CREATE TABLE notify_alerts (
    fingerprint VARCHAR(64) PRIMARY KEY,
    event       TEXT        NOT NULL,
    state       VARCHAR(16) NOT NULL,
    event_time  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL
);
CREATE INDEX notify_alerts_state ON notify_alerts (state);

CREATE TABLE notify_groups (
    id            VARCHAR(64)  PRIMARY KEY,
    route_id      VARCHAR(256) NOT NULL,
    receiver      VARCHAR(128) NOT NULL,
    group_labels  TEXT         NOT NULL,
    created_at    BIGINT       NOT NULL,
    next_flush_at BIGINT       NOT NULL,
    last_sent_at  BIGINT,
    last_digest   TEXT         NOT NULL
);
CREATE INDEX notify_groups_due ON notify_groups (next_flush_at);

CREATE TABLE notify_group_alerts (
    group_id    VARCHAR(64) NOT NULL REFERENCES notify_groups (id) ON DELETE CASCADE,
    fingerprint VARCHAR(64) NOT NULL,
    PRIMARY KEY (group_id, fingerprint)
);

CREATE TABLE notifications (
    id              VARCHAR(36)  PRIMARY KEY,
    kind            VARCHAR(16)  NOT NULL,
    group_id        VARCHAR(64),
    receiver        VARCHAR(128) NOT NULL,
    channel_id      VARCHAR(36)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    alert_status    VARCHAR(16)  NOT NULL,
    fingerprints    TEXT         NOT NULL,
    payload         TEXT         NOT NULL,
    attempts        INTEGER      NOT NULL,
    last_error      TEXT         NOT NULL,
    created_at      BIGINT       NOT NULL,
    next_attempt_at BIGINT       NOT NULL,
    delivered_at    BIGINT,
    lease_until     BIGINT       NOT NULL
);
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX notifications_created ON notifications (created_at);

CREATE TABLE notify_escalations (
    fingerprint VARCHAR(64)  NOT NULL,
    policy      VARCHAR(128) NOT NULL,
    step        INTEGER      NOT NULL,
    notified_at BIGINT       NOT NULL,
    PRIMARY KEY (fingerprint, policy, step)
);
