-- Raw samples of gauges and sums. `value` is the point's value (for a cumulative sum, its running
-- total); `delta` is the increase since the series' previous point (0 for gauges), so rates and
-- increases are sums of deltas and survive counter resets.
CREATE TABLE IF NOT EXISTS ${database}.samples
(
    metric    LowCardinality(String),
    series_id UInt64,
    labels    Map(LowCardinality(String), String) CODEC(ZSTD(1)),
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
    labels    Map(LowCardinality(String), String),
    ts        DateTime64(3, 'UTC'),
    value     Float64,
    delta     Float64
)
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;
