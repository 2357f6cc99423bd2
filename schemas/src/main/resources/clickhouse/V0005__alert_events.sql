-- Every state change of every alert instance, written by the alerting job (and by the API for
-- manual resolves). Current alerts are the latest event per fingerprint. The alerting job delivers
-- at least once: a repeated event (same fingerprint, time and state) collapses here.
CREATE TABLE IF NOT EXISTS ${database}.alert_events
(
    fingerprint    String,
    rule_id        String,
    rule_version   UInt64,
    rule_name      String,
    state          LowCardinality(String),
    previous_state LowCardinality(String),
    severity       LowCardinality(String),
    value          Float64,
    labels         Map(String, String),
    annotations    Map(String, String),
    starts_at      DateTime64(3, 'UTC'),
    ends_at        Nullable(DateTime64(3, 'UTC')),
    event_time     DateTime64(3, 'UTC'),
    reason         String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (fingerprint, event_time, state)
TTL toDateTime(event_time) + toIntervalDay(365)
SETTINGS non_replicated_deduplication_window = 1000;
