-- 1-minute and 1-hour rollups, maintained by materialized views at insert time. Every column is a
-- mergeable aggregate state, so late samples simply merge into their bucket whenever they arrive,
-- and a deduplicated insert into `samples` is deduplicated here too (same dedup window). The hour
-- rollups read the minute rollups' inserts, which are already aggregated.
CREATE TABLE IF NOT EXISTS ${database}.samples_1m
(
    metric    LowCardinality(String),
    series_id UInt64,
    ts        DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    count     SimpleAggregateFunction(sum, UInt64),
    sum       SimpleAggregateFunction(sum, Float64),
    min       SimpleAggregateFunction(min, Float64),
    max       SimpleAggregateFunction(max, Float64),
    last      AggregateFunction(argMax, Float64, DateTime64(3, 'UTC')),
    delta     SimpleAggregateFunction(sum, Float64),
    digest    AggregateFunction(quantileTDigest, Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, series_id, ts)
TTL ts + toIntervalDay(${rollup_1m_ttl_days})
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.samples_1m_mv TO ${database}.samples_1m AS
SELECT metric,
       series_id,
       toStartOfMinute(samples.ts)              AS ts,
       count()                                  AS count,
       sum(value)                               AS sum,
       min(value)                               AS min,
       max(value)                               AS max,
       argMaxState(value, samples.ts)           AS last,
       sum(delta)                               AS delta,
       quantileTDigestState(value)              AS digest
FROM ${database}.samples
GROUP BY metric, series_id, ts;

CREATE TABLE IF NOT EXISTS ${database}.samples_1h AS ${database}.samples_1m
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, series_id, ts)
TTL ts + toIntervalDay(${rollup_1h_ttl_days})
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.samples_1h_mv TO ${database}.samples_1h AS
SELECT metric,
       series_id,
       toStartOfHour(samples_1m.ts)         AS ts,
       sum(samples_1m.count)                AS count,
       sum(samples_1m.sum)                  AS sum,
       min(samples_1m.min)                  AS min,
       max(samples_1m.max)                  AS max,
       argMaxMergeState(samples_1m.last)    AS last,
       sum(samples_1m.delta)                AS delta,
       quantileTDigestMergeState(samples_1m.digest) AS digest
FROM ${database}.samples_1m
GROUP BY metric, series_id, ts;

-- Histogram rollups keep every bound ever seen (sumMap drops empty buckets, and quantile
-- interpolation needs each bucket's lower edge) and the summed counts per bound (+Inf included).
CREATE TABLE IF NOT EXISTS ${database}.histograms_1m
(
    metric    LowCardinality(String),
    series_id UInt64,
    ts        DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    count     SimpleAggregateFunction(sum, UInt64),
    sum       SimpleAggregateFunction(sum, Float64),
    min       SimpleAggregateFunction(min, Float64),
    max       SimpleAggregateFunction(max, Float64),
    bounds    SimpleAggregateFunction(groupUniqArrayArray, Array(Float64)),
    buckets   SimpleAggregateFunction(sumMap, Tuple(Array(Float64), Array(UInt64)))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, series_id, ts)
TTL ts + toIntervalDay(${rollup_1m_ttl_days})
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.histograms_1m_mv TO ${database}.histograms_1m AS
SELECT metric,
       series_id,
       toStartOfMinute(histograms.ts)                     AS ts,
       sum(histograms.count)                              AS count,
       sum(histograms.sum)                                AS sum,
       min(histograms.min)                                AS min,
       max(histograms.max)                                AS max,
       groupUniqArrayArray(histograms.bounds)             AS bounds,
       sumMap(arrayPushBack(histograms.bounds, inf), counts) AS buckets
FROM ${database}.histograms
GROUP BY metric, series_id, ts;

CREATE TABLE IF NOT EXISTS ${database}.histograms_1h AS ${database}.histograms_1m
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, series_id, ts)
TTL ts + toIntervalDay(${rollup_1h_ttl_days})
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.histograms_1h_mv TO ${database}.histograms_1h AS
SELECT metric,
       series_id,
       toStartOfHour(histograms_1m.ts)                 AS ts,
       sum(histograms_1m.count)                        AS count,
       sum(histograms_1m.sum)                          AS sum,
       min(histograms_1m.min)                          AS min,
       max(histograms_1m.max)                          AS max,
       groupUniqArrayArray(histograms_1m.bounds)       AS bounds,
       sumMap(histograms_1m.buckets)                   AS buckets
FROM ${database}.histograms_1m
GROUP BY metric, series_id, ts;
