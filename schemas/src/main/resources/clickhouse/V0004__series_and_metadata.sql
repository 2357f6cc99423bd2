-- One row per series (after merges), for label discovery and series listing.
CREATE TABLE IF NOT EXISTS ${database}.series
(
    metric     LowCardinality(String),
    series_id  UInt64,
    labels     SimpleAggregateFunction(any, Map(String, String)),
    first_seen SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (metric, series_id)
TTL toDateTime(last_seen) + toIntervalDay(${samples_ttl_days})
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.series_from_samples_mv TO ${database}.series AS
SELECT metric,
       series_id,
       any(CAST(labels, 'Map(String, String)')) AS labels,
       min(ts)                                  AS first_seen,
       max(ts)                                  AS last_seen
FROM ${database}.samples
GROUP BY metric, series_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.series_from_histograms_mv TO ${database}.series AS
SELECT metric,
       series_id,
       any(CAST(labels, 'Map(String, String)')) AS labels,
       min(ts)                                  AS first_seen,
       max(ts)                                  AS last_seen
FROM ${database}.histograms
GROUP BY metric, series_id;

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
