-- What the traces job derives from spans. Windows and summaries may be emitted again when late
-- spans arrive, with a higher version: ReplacingMergeTree keeps the newest, and readers use FINAL.

-- RED per service, per operation (entry spans) and per service-graph edge (caller -> callee) and
-- window: counts, duration quantiles and the mergeable duration sketch (bucket -> count; merge with
-- sumMap), exemplar traces for the slowest and a failed call.
CREATE TABLE IF NOT EXISTS ${database}.apm_red
(
    scope            LowCardinality(String),
    service          LowCardinality(String),
    operation        LowCardinality(String),
    peer             LowCardinality(String),
    ts               DateTime64(3, 'UTC'),
    window_ms        UInt64,
    calls            UInt64,
    errors           UInt64,
    duration_sum_ns  UInt64,
    p50_ns           Float64,
    p95_ns           Float64,
    p99_ns           Float64,
    sketch           Map(UInt64, UInt64),
    slow_trace_id    String,
    slow_duration_ns UInt64,
    error_trace_id   String,
    version          UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(ts)
ORDER BY (scope, service, operation, peer, ts)
TTL toDateTime(ts) + toIntervalDay(30)
SETTINGS non_replicated_deduplication_window = 1000;

-- One row per trace: root, extent, span and error counts, services. version = span count, so the
-- most complete summary wins.
CREATE TABLE IF NOT EXISTS ${database}.trace_summaries
(
    trace_id       String,
    root_service   LowCardinality(String),
    root_operation LowCardinality(String),
    start          DateTime64(9, 'UTC'),
    duration_ns    UInt64,
    span_count     UInt64,
    error_count    UInt64,
    services       Array(String),
    version        UInt64,
    INDEX duration_minmax duration_ns TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toDate(start)
ORDER BY trace_id
TTL toDateTime(start) + toIntervalDay(7)
SETTINGS non_replicated_deduplication_window = 1000;

-- Spans far slower than their operation's learned baseline.
CREATE TABLE IF NOT EXISTS ${database}.slow_spans
(
    trace_id    String,
    span_id     String,
    service     LowCardinality(String),
    operation   LowCardinality(String),
    start       DateTime64(9, 'UTC'),
    duration_ns UInt64,
    baseline_ns UInt64,
    deviation   Float64
)
ENGINE = MergeTree
PARTITION BY toDate(start)
ORDER BY (service, operation, start)
TTL toDateTime(start) + toIntervalDay(7)
SETTINGS non_replicated_deduplication_window = 1000;

-- Occurrences per error group (exception type, normalised message, operation) and window.
CREATE TABLE IF NOT EXISTS ${database}.apm_error_groups
(
    fingerprint      String,
    service          LowCardinality(String),
    operation        LowCardinality(String),
    exception_type   String,
    message          String,
    ts               DateTime64(3, 'UTC'),
    count            UInt64,
    example_trace_id String,
    version          UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(ts)
ORDER BY (service, fingerprint, ts)
TTL toDateTime(ts) + toIntervalDay(30)
SETTINGS non_replicated_deduplication_window = 1000;

-- Rows of apm_red written but not yet committed (see StagedBatchCommitter).
CREATE TABLE IF NOT EXISTS ${database}.staging_apm_red
(
    batch_id         UInt64,
    scope            LowCardinality(String),
    service          LowCardinality(String),
    operation        LowCardinality(String),
    peer             LowCardinality(String),
    ts               DateTime64(3, 'UTC'),
    window_ms        UInt64,
    calls            UInt64,
    errors           UInt64,
    duration_sum_ns  UInt64,
    p50_ns           Float64,
    p95_ns           Float64,
    p99_ns           Float64,
    sketch           Map(UInt64, UInt64),
    slow_trace_id    String,
    slow_duration_ns UInt64,
    error_trace_id   String,
    version          UInt64
)
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;

-- Rows of trace_summaries written but not yet committed (see StagedBatchCommitter).
CREATE TABLE IF NOT EXISTS ${database}.staging_trace_summaries
(
    batch_id         UInt64,
    trace_id       String,
    root_service   LowCardinality(String),
    root_operation LowCardinality(String),
    start          DateTime64(9, 'UTC'),
    duration_ns    UInt64,
    span_count     UInt64,
    error_count    UInt64,
    services       Array(String),
    version        UInt64
)
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;

-- Rows of slow_spans written but not yet committed (see StagedBatchCommitter).
CREATE TABLE IF NOT EXISTS ${database}.staging_slow_spans
(
    batch_id         UInt64,
    trace_id    String,
    span_id     String,
    service     LowCardinality(String),
    operation   LowCardinality(String),
    start       DateTime64(9, 'UTC'),
    duration_ns UInt64,
    baseline_ns UInt64,
    deviation   Float64
)
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;

-- Rows of apm_error_groups written but not yet committed (see StagedBatchCommitter).
CREATE TABLE IF NOT EXISTS ${database}.staging_apm_error_groups
(
    batch_id         UInt64,
    fingerprint      String,
    service          LowCardinality(String),
    operation        LowCardinality(String),
    exception_type   String,
    message          String,
    ts               DateTime64(3, 'UTC'),
    count            UInt64,
    example_trace_id String,
    version          UInt64
)
ENGINE = MergeTree
PARTITION BY batch_id
ORDER BY tuple()
SETTINGS non_replicated_deduplication_window = 1000;
