-- Raw samples of gauges and sums. A sample is narrow - labels live once per series in `series` -
-- so ingest, merges and scans do not pay for the label set on every point. `value` is the point's
-- value (for a cumulative sum, its running total); `delta` is the increase since the series'
-- previous point (0 for gauges), so rates and increases are sums of deltas and survive resets.
CREATE TABLE IF NOT EXISTS ${database}.samples
(
    metric    LowCardinality(String),
    series_id UInt64,
    ts        DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    value     Float64 CODEC(Gorilla, ZSTD(1)),
    delta     Float64 CODEC(Gorilla, ZSTD(1))
)
ENGINE = MergeTree
PARTITION BY toDate(ts)
ORDER BY (metric, series_id, ts)
TTL toDateTime(ts) + toIntervalDay(${samples_ttl_days})
SETTINGS non_replicated_deduplication_window = 1000, ttl_only_drop_parts = 1;

-- Rows the metrics job has written but not yet committed: a batch becomes visible in `samples`
-- only when the Flink checkpoint that covers it completes (see StagedBatchCommitter).
CREATE TABLE IF NOT EXISTS ${database}.staging_samples
(
    batch_id  UInt64,
    metric    LowCardinality(String),
    series_id UInt64,
    ts        DateTime64(3, 'UTC'),
    value     Float64,
    delta     Float64
)
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;

-- Every series once: its labels, and when it was first and last seen (last_seen is refreshed by
-- the writers every few minutes, not on every point).
CREATE TABLE IF NOT EXISTS ${database}.series
(
    metric     LowCardinality(String),
    series_id  UInt64,
    labels     SimpleAggregateFunction(any, Map(String, String)) CODEC(ZSTD(1)),
    first_seen SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (metric, series_id)
TTL toDateTime(last_seen) + toIntervalDay(${samples_ttl_days});
