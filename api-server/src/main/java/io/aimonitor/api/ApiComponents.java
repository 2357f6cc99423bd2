package io.aimonitor.api;

import io.aimonitor.api.ai.AnalysisService;
import io.aimonitor.api.ai.AnalysisSummaries;
import io.aimonitor.api.ai.evidence.EvidenceCollector;
import io.aimonitor.api.ai.llm.CallBudget;
import io.aimonitor.api.ai.llm.ChatModels;
import io.aimonitor.api.ai.llm.LlmAnalyzer;
import io.aimonitor.api.ai.similar.IncidentEmbeddings;
import io.aimonitor.api.ai.similar.SimilarIncidents;
import io.aimonitor.api.alerts.AlertEventsStore;
import io.aimonitor.api.alerts.AlertService;
import io.aimonitor.api.alerts.Silences;
import io.aimonitor.api.apm.ApmStore;
import io.aimonitor.api.auth.AccessControl;
import io.aimonitor.api.auth.ApiKeys;
import io.aimonitor.api.auth.Auditor;
import io.aimonitor.api.auth.AuthService;
import io.aimonitor.api.auth.JwtService;
import io.aimonitor.api.auth.LoginThrottle;
import io.aimonitor.api.auth.PasswordHasher;
import io.aimonitor.api.auth.RefreshTokens;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.ingest.IngestCounters;
import io.aimonitor.api.ingest.KafkaPublisher;
import io.aimonitor.api.ingest.OtlpGrpcServer;
import io.aimonitor.api.ingest.OtlpIngestController;
import io.aimonitor.api.kafka.TopicWriter;
import io.aimonitor.api.metadata.AckRepository;
import io.aimonitor.api.metadata.AnalysisRepository;
import io.aimonitor.api.metadata.ApiKeyRepository;
import io.aimonitor.api.metadata.AuditLog;
import io.aimonitor.api.metadata.ChannelRepository;
import io.aimonitor.api.metadata.MetadataDatabase;
import io.aimonitor.api.metadata.NotifyStore;
import io.aimonitor.api.metadata.PolicyRepository;
import io.aimonitor.api.metadata.RefreshTokenRepository;
import io.aimonitor.api.metadata.RuleRepository;
import io.aimonitor.api.metadata.SilenceRepository;
import io.aimonitor.api.metadata.UserRepository;
import io.aimonitor.api.notify.ChannelService;
import io.aimonitor.api.notify.PolicyService;
import io.aimonitor.api.notify.channel.AddressPolicy;
import io.aimonitor.api.notify.channel.ChannelSenders;
import io.aimonitor.api.notify.channel.SafeHttp;
import io.aimonitor.api.notify.channel.SecretBox;
import io.aimonitor.api.notify.dispatch.DeliveryWorker;
import io.aimonitor.api.notify.dispatch.NotificationDispatcher;
import io.aimonitor.api.notify.dispatch.NotificationEngine;
import io.aimonitor.api.notify.dispatch.NotifyMetrics;
import io.aimonitor.api.ops.KafkaReadiness;
import io.aimonitor.api.ops.ProcessMetrics;
import io.aimonitor.api.ops.Readiness;
import io.aimonitor.api.ops.ReadinessCheck;
import io.aimonitor.api.query.MetricQueryService;
import io.aimonitor.api.rules.RuleDryRun;
import io.aimonitor.api.rules.RuleService;
import io.aimonitor.api.rules.RuleTopicReconciler;
import io.aimonitor.api.shared.InProcessState;
import io.aimonitor.api.shared.RedisState;
import io.aimonitor.api.shared.SharedState;
import io.aimonitor.api.users.UserService;
import io.aimonitor.api.ws.LiveAlerts;
import io.aimonitor.store.TelemetryStore;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the API server needs, built once from the configuration: the composition root shared
 * by the API-only main, standalone mode and the tests. Owns what it opens (metadata database,
 * shared state, Kafka clients); the telemetry store is the caller's.
 */
public final class ApiComponents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiComponents.class);

    public final AimonitorConfig config;
    public final Clock clock;
    public final TelemetryStore store;
    public final MetadataDatabase db;
    public final SharedState shared;
    public final KafkaPublisher publisher;
    public final IngestCounters ingestCounters = new IngestCounters();
    public final ProcessMetrics metrics;
    public final MetricQueryService queries;
    public final PasswordHasher hasher = new PasswordHasher();
    public final JwtService jwt;
    public final RefreshTokens refreshTokens;
    public final ApiKeys apiKeys;
    public final AuthService auth;
    public final AccessControl access;
    public final Auditor auditor;
    public final UserService users;
    public final TopicWriter topics;
    public final RuleTopicReconciler ruleTopic;
    public final RuleService rules;
    public final RuleDryRun dryRun;
    public final Silences silences;
    public final AlertService alerts;
    public final LiveAlerts live;
    public final OtlpIngestController<ExportMetricsServiceRequest> ingestMetrics;
    public final OtlpIngestController<ExportTraceServiceRequest> ingestTraces;
    private final OtlpGrpcServer otlpGrpc;
    public final PolicyService policies;
    public final ChannelService channels;
    public final NotifyStore notifyStore;
    public final NotificationEngine notifications;
    public final DeliveryWorker deliveries;
    public final NotificationDispatcher dispatcher;
    public final ApmStore apm;
    public final AnalysisRepository analysisRepository;
    public final AnalysisService analyses;
    public final SimilarIncidents similar;
    public final List<ReadinessCheck> readiness = new ArrayList<>();
    private static final int DELIVERY_CONCURRENCY = 4;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    public ApiComponents(
            AimonitorConfig config, TelemetryStore store, String kafkaBootstrap, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        try {
            db = own(MetadataDatabase.open(config.database(), config.dataDir()));
            shared =
                    own(
                            config.redis().configured()
                                    ? new RedisState(
                                            config.redis().url(), config.redis().keyPrefix())
                                    : new InProcessState(clock::millis));
            publisher =
                    own(
                            new KafkaPublisher(
                                    kafkaBootstrap,
                                    config.kafka().ingestTimeout(),
                                    config.kafka().maxRecordBytes()));
            KafkaReadiness kafka = own(new KafkaReadiness(kafkaBootstrap));
            metrics = new ProcessMetrics(ingestCounters);
            queries = new MetricQueryService(store);
            jwt = new JwtService(config.jwt(), config.dataDir(), clock);
            refreshTokens =
                    new RefreshTokens(
                            new RefreshTokenRepository(db), config.jwt().refreshTokenTtl(), clock);
            apiKeys = new ApiKeys(new ApiKeyRepository(db), clock);
            UserRepository userRepository = new UserRepository(db);
            auth =
                    new AuthService(
                            userRepository,
                            hasher,
                            jwt,
                            refreshTokens,
                            new LoginThrottle(shared, config.auth()),
                            shared);
            access = new AccessControl(auth, apiKeys);
            auditor = new Auditor(new AuditLog(db), clock);
            users = new UserService(userRepository, hasher, refreshTokens, clock);
            topics =
                    own(
                            new TopicWriter(
                                    kafkaBootstrap,
                                    "aimonitor-api",
                                    config.kafka().ingestTimeout()));
            RuleRepository ruleRepository = new RuleRepository(db);
            ruleTopic =
                    own(
                            new RuleTopicReconciler(
                                    ruleRepository,
                                    topics,
                                    kafkaBootstrap,
                                    config.kafka().rulesTopic()));
            rules =
                    new RuleService(
                            ruleRepository,
                            topics,
                            config.kafka().rulesTopic(),
                            clock,
                            ruleTopic::requestSoon);
            dryRun = new RuleDryRun(queries);
            silences = new Silences(new SilenceRepository(db), clock);
            AckRepository acks = new AckRepository(db);
            alerts =
                    new AlertService(
                            new AlertEventsStore(store),
                            acks,
                            silences,
                            topics,
                            config.kafka().alertsTopic(),
                            clock);
            live =
                    own(
                            new LiveAlerts(
                                    shared,
                                    kafkaBootstrap,
                                    config.kafka().alertsTopic(),
                                    config.server().allowedOrigins(),
                                    access));
            AimonitorConfig.Notifications n = config.notifications();
            AddressPolicy addresses = new AddressPolicy(n.allowedHosts());
            SafeHttp http = new SafeHttp(addresses, n.timeout());
            ChannelSenders senders = new ChannelSenders(config.email(), n, addresses, http, clock);
            ChannelRepository channelRepository = new ChannelRepository(db);
            policies = new PolicyService(new PolicyRepository(db), channelRepository, clock);
            channels =
                    new ChannelService(
                            channelRepository,
                            SecretBox.fromConfig(n.secretKey(), config.dataDir()),
                            http,
                            addresses,
                            senders,
                            policies::policy,
                            clock);
            analysisRepository = new AnalysisRepository(db);
            notifyStore = new NotifyStore(db);
            notifications =
                    new NotificationEngine(notifyStore, policies, channels, silences, acks, clock);
            deliveries =
                    new DeliveryWorker(
                            notifyStore,
                            channels,
                            senders,
                            new NotifyMetrics(metrics.registry()),
                            clock,
                            n.maxAttempts(),
                            n.timeout(),
                            DELIVERY_CONCURRENCY,
                            new AnalysisSummaries(analysisRepository)::annotate);
            apm = new ApmStore(store);
            IncidentEmbeddings embeddings = new IncidentEmbeddings();
            analyses =
                    own(
                            new AnalysisService(
                                    new EvidenceCollector(
                                            store,
                                            queries,
                                            new AlertEventsStore(store),
                                            apm,
                                            new AuditLog(db)),
                                    ruleRepository,
                                    analysisRepository,
                                    llmAnalyzer(config.ai(), analysisRepository, clock),
                                    config.ai().model(),
                                    embeddings,
                                    clock));
            similar = new SimilarIncidents(analysisRepository, alerts, acks);
            dispatcher =
                    own(
                            new NotificationDispatcher(
                                    notifications,
                                    deliveries,
                                    kafkaBootstrap,
                                    config.kafka().alertsTopic(),
                                    DELIVERY_CONCURRENCY,
                                    analyses::onAlert));
            ingestMetrics = OtlpIngestController.metrics(publisher, config, ingestCounters);
            ingestTraces = OtlpIngestController.traces(publisher, config, ingestCounters);
            otlpGrpc =
                    config.server().otlpGrpcPort() == 0
                            ? null
                            : own(
                                    new OtlpGrpcServer(
                                            config.server().host(),
                                            config.server().otlpGrpcPort(),
                                            (int)
                                                    Math.min(
                                                            Integer.MAX_VALUE,
                                                            config.server().maxDecompressedBytes()),
                                            ingestMetrics,
                                            ingestTraces,
                                            access,
                                            config.server().ingestAuthRequired()));
            readiness.add(kafka);
            readiness.add(Readiness.of("store", store::ping));
            readiness.add(Readiness.of("metadata", db::ping));
            if (config.redis().configured()) {
                readiness.add(Readiness.of("redis", shared::ping));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The configured language model, if any, behind its call budget. */
    private static Optional<LlmAnalyzer> llmAnalyzer(
            AimonitorConfig.Ai ai, AnalysisRepository analyses, Clock clock) {
        if (ai.provider().equals("none")) {
            return Optional.empty();
        }
        CallBudget budget = new CallBudget(ai.callsPerMinute(), ai.callsPerDay(), clock);
        budget.seed(analyses.modelCallTimes(clock.millis() - Duration.ofDays(1).toMillis()));
        return Optional.of(
                new LlmAnalyzer(
                        ChatModels.create(ai),
                        ai.model(),
                        ChatModels.enforcesSchema(ai.provider()),
                        budget,
                        ai.maxRetries()));
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    /**
     * Starts what runs in the background: rules topic reconciliation, the live alert stream,
     * notification dispatch.
     */
    public void startBackgroundWork() {
        ruleTopic.start(Duration.ofMinutes(5));
        live.start();
        dispatcher.start();
        if (otlpGrpc != null) {
            try {
                otlpGrpc.start();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(
                        "cannot listen for OTLP/gRPC on port "
                                + config.server().otlpGrpcPort()
                                + " (server.otlp-grpc-port): "
                                + e.getMessage(),
                        e);
            }
        }
    }

    /** Creates the first admin on an empty database; prints a generated password once. */
    public void bootstrapAdmin() {
        String generated =
                users.bootstrapAdmin(config.auth().adminUsername(), config.auth().adminPassword());
        if (generated != null) {
            // printed, never logged: logs are shipped and kept
            System.out.println(
                    "Created the admin user '"
                            + config.auth().adminUsername()
                            + "' with password: "
                            + generated
                            + "  (shown once; change it after logging in)");
        }
    }

    @Override
    public void close() {
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                LOG.warn("closing failed: {}", e.getMessage());
            }
        }
    }
}
