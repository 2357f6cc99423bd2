-- Web Vitals from browsers (POST /v1/rum), one row per measurement, scored when accepted.
CREATE TABLE IF NOT EXISTS ${database}.web_vitals
(
    ts              DateTime64(3, 'UTC'),
    app             LowCardinality(String),
    page            String,
    metric          LowCardinality(String),
    value           Float64,
    rating          LowCardinality(String),
    browser         LowCardinality(String),
    session         String,
    navigation_type LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toDate(ts)
ORDER BY (app, metric, page, ts)
TTL toDateTime(ts) + toIntervalDay(30)
SETTINGS non_replicated_deduplication_window = 1000;

-- Per app, page, metric and minute: the p75 digest (what the Core Web Vitals assessment uses) and
-- counts per rating, maintained at insert time.
CREATE TABLE IF NOT EXISTS ${database}.web_vitals_1m
(
    app               LowCardinality(String),
    page              String,
    metric            LowCardinality(String),
    ts                DateTime('UTC'),
    digest            AggregateFunction(quantileTDigest, Float64),
    count             SimpleAggregateFunction(sum, UInt64),
    good              SimpleAggregateFunction(sum, UInt64),
    needs_improvement SimpleAggregateFunction(sum, UInt64),
    poor              SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (app, metric, page, ts)
TTL ts + toIntervalDay(90)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.web_vitals_1m_mv TO ${database}.web_vitals_1m AS
SELECT app,
       page,
       metric,
       toStartOfMinute(web_vitals.ts)             AS ts,
       quantileTDigestState(value)                AS digest,
       count()                                    AS count,
       countIf(rating = 'good')                   AS good,
       countIf(rating = 'needs-improvement')      AS needs_improvement,
       countIf(rating = 'poor')                   AS poor
FROM ${database}.web_vitals
GROUP BY app, page, metric, ts;

-- Measurements written but not yet committed (see StagedBatchCommitter).
CREATE TABLE IF NOT EXISTS ${database}.staging_web_vitals
(
    batch_id        UInt64,
    ts              DateTime64(3, 'UTC'),
    app             LowCardinality(String),
    page            String,
    metric          LowCardinality(String),
    value           Float64,
    rating          LowCardinality(String),
    browser         LowCardinality(String),
    session         String,
    navigation_type LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;
