-- Histogram points, explicit and exponential alike (exponential buckets are converted to upper
-- bounds). Counts are per interval (cumulative histograms are turned into deltas before storage).
-- min/max are +Inf/-Inf where unknown, so min()/max() ignore them.
CREATE TABLE IF NOT EXISTS ${database}.histograms
(
    metric    LowCardinality(String),
    series_id UInt64,
    ts        DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    count     UInt64 CODEC(T64, ZSTD(1)),
    sum       Float64 CODEC(Gorilla, ZSTD(1)),
    min       Float64 CODEC(Gorilla, ZSTD(1)),
    max       Float64 CODEC(Gorilla, ZSTD(1)),
    bounds    Array(Float64) CODEC(ZSTD(1)),
    counts    Array(UInt64) CODEC(ZSTD(1))
)
ENGINE = MergeTree
PARTITION BY toDate(ts)
ORDER BY (metric, series_id, ts)
TTL toDateTime(ts) + toIntervalDay(${samples_ttl_days})
SETTINGS non_replicated_deduplication_window = 1000, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS ${database}.staging_histograms
(
    batch_id  UInt64,
    metric    LowCardinality(String),
    series_id UInt64,
    ts        DateTime64(3, 'UTC'),
    count     UInt64,
    sum       Float64,
    min       Float64,
    max       Float64,
    bounds    Array(Float64),
    counts    Array(UInt64)
)
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;
