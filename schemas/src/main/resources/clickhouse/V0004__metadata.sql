-- Name, type, unit and description per metric; the newest row wins.
CREATE TABLE IF NOT EXISTS ${database}.metric_metadata
(
    metric      String,
    type        LowCardinality(String),
    unit        String,
    description String,
    monotonic   UInt8,
    temporality LowCardinality(String),
    updated_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY metric;
