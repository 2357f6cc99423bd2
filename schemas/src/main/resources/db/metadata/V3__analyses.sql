-- AI analyses of incidents: one row per run (offline or by a model), the newest valid one is
-- shown; failed runs are kept with their error and never shown as valid. evidence_hash: the pack
-- the run saw, so an unchanged incident is not analysed twice. embedding: the summary's vector
-- (base64 float32) for finding similar past incidents.

CREATE TABLE analyses (
    id            VARCHAR(36)  PRIMARY KEY,
    incident_key  VARCHAR(256) NOT NULL,
    fingerprint   VARCHAR(64)  NOT NULL,
    evidence_hash VARCHAR(64)  NOT NULL,
    analyzer      VARCHAR(128) NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    analysis      TEXT,
    evidence      TEXT         NOT NULL,
    error         TEXT,
    attempts      INTEGER      NOT NULL,
    input_tokens  BIGINT       NOT NULL,
    output_tokens BIGINT       NOT NULL,
    duration_ms   BIGINT       NOT NULL,
    created_at    BIGINT       NOT NULL,
    embedding     TEXT
);
CREATE INDEX analyses_incident ON analyses (incident_key, created_at);
CREATE INDEX analyses_fingerprint ON analyses (fingerprint, created_at);

CREATE TABLE analysis_feedback (
    analysis_id VARCHAR(36)  NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
    username    VARCHAR(128) NOT NULL,
    helpful     BOOLEAN      NOT NULL,
    comment     TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (analysis_id, username)
);
