-- Alert events the alerting job has written but not yet committed (see StagedBatchCommitter).
CREATE TABLE IF NOT EXISTS ${database}.staging_alert_events
(
    batch_id       UInt64,
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
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;

-- The learned expected band (and anomaly score) of a baseline or anomaly rule, one row per alert
-- instance and minute, to chart beside the value. series_id is 0 for a group.
CREATE TABLE IF NOT EXISTS ${database}.alert_bands_1m
(
    rule_id       String,
    fingerprint   String,
    metric        LowCardinality(String),
    series_id     UInt64,
    ts            DateTime64(3, 'UTC'),
    value         Float64,
    lower         Float64,
    upper         Float64,
    anomaly_score Float64
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(ts)
ORDER BY (rule_id, fingerprint, ts)
TTL toDateTime(ts) + toIntervalDay(${rollup_1m_ttl_days})
SETTINGS non_replicated_deduplication_window = 1000, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS ${database}.staging_alert_bands_1m
(
    batch_id      UInt64,
    rule_id       String,
    fingerprint   String,
    metric        LowCardinality(String),
    series_id     UInt64,
    ts            DateTime64(3, 'UTC'),
    value         Float64,
    lower         Float64,
    upper         Float64,
    anomaly_score Float64
)
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;
