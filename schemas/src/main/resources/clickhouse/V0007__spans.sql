-- Spans from OTLP, one row each: ids as hex, the service (resource service.name) and operation
-- (span name), times in nanoseconds, attributes and resource attributes as maps, events as JSON
-- and the first exception's type and message. Trace-id lookups use the bloom filter index.
CREATE TABLE IF NOT EXISTS ${database}.spans
(
    trace_id          String,
    span_id           String,
    parent_span_id    String,
    service           LowCardinality(String),
    operation         LowCardinality(String),
    kind              LowCardinality(String),
    start             DateTime64(9, 'UTC'),
    duration_ns       UInt64,
    status_code       LowCardinality(String),
    status_message    String,
    attributes        Map(String, String),
    resource          Map(String, String),
    events            String,
    exception_type    String,
    exception_message String,
    INDEX trace_id_bloom trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX duration_minmax duration_ns TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toDate(start)
ORDER BY (service, operation, start)
TTL toDateTime(start) + toIntervalDay(7)
SETTINGS non_replicated_deduplication_window = 1000;

-- Spans the traces job has written but not yet committed (see StagedBatchCommitter).
CREATE TABLE IF NOT EXISTS ${database}.staging_spans
(
    batch_id          UInt64,
    trace_id          String,
    span_id           String,
    parent_span_id    String,
    service           LowCardinality(String),
    operation         LowCardinality(String),
    kind              LowCardinality(String),
    start             DateTime64(9, 'UTC'),
    duration_ns       UInt64,
    status_code       LowCardinality(String),
    status_message    String,
    attributes        Map(String, String),
    resource          Map(String, String),
    events            String,
    exception_type    String,
    exception_message String
)
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;
