package io.aimonitor.api.rules;

import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.kafka.TopicWriter;
import io.aimonitor.api.metadata.Ids;
import io.aimonitor.api.metadata.RuleRepository;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.RuleJson;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert rules: validated, versioned with their author, stored, then published to the compacted
 * {@code rules} topic (key = rule id, tombstone = deleted) that the alerting job reads. The store
 * is the truth; should a publish fail, the reconciler repairs the topic.
 */
public final class RuleService {
    private static final Logger LOG = LoggerFactory.getLogger(RuleService.class);

    private final RuleRepository repository;
    private final TopicWriter writer;
    private final String topic;
    private final Clock clock;
    private final Runnable repairTopic;

    public RuleService(
            RuleRepository repository,
            TopicWriter writer,
            String topic,
            Clock clock,
            Runnable repairTopic) {
        this.repository = repository;
        this.writer = writer;
        this.topic = topic;
        this.clock = clock;
        this.repairTopic = repairTopic;
    }

    public AlertRule create(String json, String author) {
        AlertRule parsed = RuleJson.parse(json);
        AlertRule rule = parsed.stored(Ids.newId(), 1, author, clock.millis());
        repository.create(row(rule, null));
        publish(rule.id(), RuleJson.write(rule));
        return rule;
    }

    /** Replaces a rule; with {@code expectedVersion}, only if nobody changed it meanwhile. */
    public AlertRule update(String id, String json, String author, Long expectedVersion) {
        RuleRepository.StoredRule current = live(id);
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw conflict(id, current.version());
        }
        AlertRule rule =
                RuleJson.parse(json).stored(id, current.version() + 1, author, clock.millis());
        if (!repository.update(row(rule, null))) {
            throw conflict(
                    id, repository.current(id).map(RuleRepository.StoredRule::version).orElse(-1L));
        }
        publish(id, RuleJson.write(rule));
        return rule;
    }

    public void delete(String id, String author) {
        RuleRepository.StoredRule current = live(id);
        if (!repository.delete(id, current.version() + 1, author, clock.millis())) {
            throw conflict(
                    id, repository.current(id).map(RuleRepository.StoredRule::version).orElse(-1L));
        }
        publish(id, null);
    }

    public AlertRule get(String id) {
        return RuleJson.read(live(id).definition());
    }

    public List<AlertRule> all() {
        return repository.live().stream().map(r -> RuleJson.read(r.definition())).toList();
    }

    /** One change of a rule; {@code rule} is null for a deletion. */
    public record Version(long version, String change, String author, long at, AlertRule rule) {}

    public List<Version> history(String id) {
        List<RuleRepository.RuleVersion> history = repository.history(id);
        if (history.isEmpty()) {
            throw ApiException.notFound("no rule " + id);
        }
        return history.stream()
                .map(
                        v ->
                                new Version(
                                        v.version(),
                                        v.change(),
                                        v.author(),
                                        v.createdAt(),
                                        v.definition() == null
                                                ? null
                                                : RuleJson.read(v.definition())))
                .toList();
    }

    private RuleRepository.StoredRule live(String id) {
        return repository
                .current(id)
                .filter(r -> !r.deleted())
                .orElseThrow(() -> ApiException.notFound("no rule " + id));
    }

    private void publish(String id, String json) {
        try {
            writer.write(topic, id, json);
        } catch (RuntimeException e) {
            LOG.warn(
                    "rule {} is stored but not yet published ({}); the reconciler will publish it",
                    id,
                    e.getMessage());
            repairTopic.run();
        }
    }

    private static RuleRepository.StoredRule row(AlertRule rule, Long deletedAt) {
        return new RuleRepository.StoredRule(
                rule.id(),
                rule.version(),
                rule.name(),
                RuleJson.write(rule),
                Boolean.TRUE.equals(rule.enabled()),
                rule.updatedBy(),
                rule.updatedAt(),
                deletedAt);
    }

    private static ApiException conflict(String id, long version) {
        return new ApiException(
                409,
                "conflict",
                "rule " + id + " was changed meanwhile; its version is now " + version,
                Map.of("version", version));
    }
}
