package io.aimonitor.api.ai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.aimonitor.api.ai.analysis.Analysis;
import io.aimonitor.api.ai.evidence.EvidenceCollector;
import io.aimonitor.api.ai.evidence.EvidencePack;
import io.aimonitor.api.ai.llm.LlmAnalyzer;
import io.aimonitor.api.ai.llm.LlmOutcome;
import io.aimonitor.api.ai.offline.OfflineAnalyzer;
import io.aimonitor.api.ai.similar.IncidentEmbeddings;
import io.aimonitor.api.metadata.AnalysisRepository;
import io.aimonitor.api.metadata.AnalysisRepository.StoredAnalysis;
import io.aimonitor.api.metadata.RuleRepository;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.RuleJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses incidents: an incident is a rule firing on one entity (service or host), analysed once
 * when it starts - further alerts of the same incident within the hour reuse that analysis - and
 * again on demand. Each run gathers the evidence, runs the offline analyzer and, when a model is
 * configured, the model with the offline result as its first pass; a run whose evidence did not
 * change since the last valid one of the same analyzer is skipped. Automatic runs wait {@link
 * #SETTLE_MS} for the store to catch up and happen in the background, the offline pass on one
 * thread and model calls on another, so a slow model never holds up alert handling nor the next
 * incident's offline analysis. At most {@link #MAX_PENDING} incidents wait; an alert storm beyond
 * that, or alerts replayed long after they started, are not analysed automatically.
 */
public final class AnalysisService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisService.class);
    static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    static final long INCIDENT_REUSE_MS = 3600_000;

    /**
     * How long after an incident starts its automatic analysis waits: the points that made it fire
     * reach the store at the pipeline's next checkpoints, and the first notification (group_wait)
     * comes later still.
     */
    static final long SETTLE_MS = 15_000;

    static final String OFFLINE = "offline";

    static final int MAX_PENDING = 100;

    static final int AUTOMATIC_TRIES = 3;
    static final long RETRY_MS = 30_000;

    /** How long an analysis keeps its evidence pack; the analysis itself stays. */
    static final Duration EVIDENCE_RETENTION = Duration.ofDays(30);

    /** Longer keys (entity label values may be kilobytes) end in a hash of the whole key. */
    static final int MAX_KEY_LENGTH = 200;

    private final EvidenceCollector evidence;
    private final RuleRepository rules;
    private final AnalysisRepository analyses;
    private final OfflineAnalyzer offline = new OfflineAnalyzer();
    private final IncidentEmbeddings embeddings;
    private final Optional<LlmAnalyzer> llm;
    private final String modelName;
    private final Clock clock;
    private final Set<String> pending = ConcurrentHashMap.newKeySet(); // queued or running
    private final ScheduledExecutorService background =
            Executors.newSingleThreadScheduledExecutor(daemon("alert-analysis"));
    private final ExecutorService modelCalls =
            Executors.newSingleThreadExecutor(daemon("alert-analysis-model"));

    public AnalysisService(
            EvidenceCollector evidence,
            RuleRepository rules,
            AnalysisRepository analyses,
            Optional<LlmAnalyzer> llm,
            String modelName,
            IncidentEmbeddings embeddings,
            Clock clock) {
        this.embeddings = embeddings;
        this.evidence = evidence;
        this.rules = rules;
        this.analyses = analyses;
        this.llm = llm;
        this.modelName = modelName;
        this.clock = clock;
        background.scheduleWithFixedDelay(this::forgetOldEvidence, 1, 360, TimeUnit.MINUTES);
    }

    private void forgetOldEvidence() {
        try {
            int n = analyses.forgetEvidence(clock.millis() - EVIDENCE_RETENTION.toMillis());
            if (n > 0) {
                LOG.info("dropped the evidence packs of {} analyses over 30 days old", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not drop old evidence packs: {}", e.toString());
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public static String incidentKey(AlertEvent alert) {
        String key = alert.ruleId() + "|" + EvidenceCollector.entity(alert.labels(), "rule");
        return key.length() <= MAX_KEY_LENGTH
                ? key
                : key.substring(0, MAX_KEY_LENGTH - 17) + "#" + sha256(key).substring(0, 16);
    }

    /** A new firing alert: its incident is analysed in the background unless it already was. */
    public void onAlert(AlertEvent alert) {
        if (alert.state() != AlertState.FIRING || alert.previousState() == AlertState.FIRING) {
            return;
        }
        if (clock.millis() - alert.startsAt() > INCIDENT_REUSE_MS) {
            return; // replayed history: what it would say is long out of date
        }
        String key = incidentKey(alert);
        if (pending.contains(key) || recentlyAnalysed(key)) {
            return; // the incident's other alerts share its analysis
        }
        if (pending.size() >= MAX_PENDING) {
            LOG.warn(
                    "{} incidents already wait for analysis; {} is not analysed automatically",
                    pending.size(),
                    key);
            return;
        }
        if (!pending.add(key)) {
            return;
        }
        scheduleAutomatic(alert, key, SETTLE_MS, 1);
    }

    /**
     * The automatic run of an incident, {@code delayMs} from now; a run that fails (the store or
     * the metadata database not answering) is tried again, up to {@link #AUTOMATIC_TRIES} times.
     */
    private void scheduleAutomatic(AlertEvent alert, String key, long delayMs, int tryNo) {
        background.schedule(
                () -> {
                    boolean handedOn = false;
                    try {
                        if (!recentlyAnalysed(key)) {
                            Prepared p = prepare(alert, false);
                            if (p.modelDue()) {
                                modelCalls.execute(() -> runModelThenRelease(p));
                            }
                            handedOn = p.modelDue();
                        }
                    } catch (Unavailable e) {
                        LOG.info(
                                "alert {} is not analysed: {}",
                                alert.fingerprint(),
                                e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "analysis of alert {} failed (try {} of {}): {}",
                                alert.fingerprint(),
                                tryNo,
                                AUTOMATIC_TRIES,
                                e.toString());
                        if (tryNo < AUTOMATIC_TRIES) {
                            scheduleAutomatic(alert, key, RETRY_MS << (tryNo - 1), tryNo + 1);
                            handedOn = true;
                        }
                    } finally {
                        if (!handedOn) {
                            pending.remove(key);
                        }
                    }
                },
                delayMs,
                TimeUnit.MILLISECONDS);
    }

    /** Incidents queued or being analysed. */
    int pendingIncidents() {
        return pending.size();
    }

    private void runModelThenRelease(Prepared p) {
        try {
            runModel(p);
        } catch (RuntimeException e) {
            LOG.warn("model analysis of {} failed: {}", p.key(), e.toString());
        } finally {
            pending.remove(p.key());
        }
    }

    private boolean recentlyAnalysed(String incidentKey) {
        List<StoredAnalysis> previous = analyses.forIncident(incidentKey, 1);
        return !previous.isEmpty()
                && clock.millis() - previous.get(0).createdAt() < INCIDENT_REUSE_MS;
    }

    /**
     * Runs the analyzers for the alert's incident now (on demand); {@code force} also reruns
     * unchanged ones. Refused while the incident is being analysed already.
     */
    public List<StoredAnalysis> analyze(AlertEvent alert, boolean force) {
        String key = incidentKey(alert);
        if (!pending.add(key)) {
            throw new Unavailable("this incident is being analysed already; try again shortly");
        }
        try {
            Prepared p = prepare(alert, force);
            List<StoredAnalysis> runs = new ArrayList<>(p.offlineRun().stream().toList());
            if (p.modelDue()) {
                runs.add(runModel(p));
            }
            return runs;
        } finally {
            pending.remove(key);
        }
    }

    /** An incident that cannot be analysed now: its rule is gone, or it is being analysed. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** Evidence gathered and the offline pass done (and stored unless unchanged). */
    private record Prepared(
            String key,
            AlertEvent alert,
            EvidencePack pack,
            String packJson,
            String hash,
            Analysis firstPass,
            Optional<StoredAnalysis> offlineRun,
            boolean modelDue) {}

    private Prepared prepare(AlertEvent alert, boolean force) {
        AlertRule rule =
                rules.current(alert.ruleId())
                        .filter(r -> !r.deleted())
                        .map(r -> readRule(r.definition(), alert.ruleId()))
                        .orElseThrow(
                                () ->
                                        new Unavailable(
                                                "rule " + alert.ruleId() + " no longer exists"));
        String key = incidentKey(alert);
        EvidencePack pack = evidence.collect(alert, rule, key, clock.millis());
        String packJson = json(pack);
        String hash = sha256(packJson);
        Analysis firstPass = offline.analyze(pack);
        Optional<StoredAnalysis> offlineRun =
                force || !analyses.exists(key, hash, OFFLINE)
                        ? Optional.of(
                                store(
                                        key, alert, hash, packJson, OFFLINE, "ok", firstPass, null,
                                        1, 0, 0, 0))
                        : Optional.empty();
        boolean modelDue = llm.isPresent() && (force || !analyses.exists(key, hash, modelName));
        return new Prepared(key, alert, pack, packJson, hash, firstPass, offlineRun, modelDue);
    }

    private static AlertRule readRule(String definition, String ruleId) {
        try {
            return RuleJson.read(definition);
        } catch (IllegalArgumentException e) {
            throw new Unavailable("rule " + ruleId + " cannot be read: " + e.getMessage());
        }
    }

    private StoredAnalysis runModel(Prepared p) {
        LlmOutcome o = llm.orElseThrow().analyze(p.pack(), p.firstPass());
        return store(
                p.key(),
                p.alert(),
                p.hash(),
                p.packJson(),
                modelName,
                o.status(),
                o.analysis(),
                o.error(),
                o.attempts(),
                o.inputTokens(),
                o.outputTokens(),
                o.durationMs());
    }

    private StoredAnalysis store(
            String key,
            AlertEvent alert,
            String hash,
            String packJson,
            String analyzer,
            String status,
            Analysis analysis,
            String error,
            int attempts,
            long in,
            long out,
            long durationMs) {
        StoredAnalysis s =
                new StoredAnalysis(
                        UUID.randomUUID().toString(),
                        key,
                        alert.fingerprint(),
                        hash,
                        analyzer,
                        status,
                        analysis == null ? null : json(analysis),
                        packJson,
                        error,
                        attempts,
                        in,
                        out,
                        durationMs,
                        clock.millis(),
                        analysis == null
                                ? null
                                : IncidentEmbeddings.encode(embed(alert, analysis)));
        analyses.insert(s);
        return s;
    }

    /** What makes incidents alike: the rule, the entity, the summary and the cause. */
    private float[] embed(AlertEvent alert, Analysis a) {
        return embeddings.embed(
                alert.ruleName()
                        + " on "
                        + a.rootCause().entity()
                        + ". "
                        + a.summary()
                        + " Cause: "
                        + a.rootCause().reason());
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        background.shutdownNow();
        modelCalls.shutdownNow();
        background.awaitTermination(5, TimeUnit.SECONDS);
        modelCalls.awaitTermination(5, TimeUnit.SECONDS);
    }
}
