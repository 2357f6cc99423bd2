package io.aimonitor.api.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.metadata.Ids;
import io.aimonitor.api.metadata.SilenceRepository;
import io.aimonitor.schemas.rules.LabelMatcher;
import io.aimonitor.schemas.rules.RuleJson;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/** Silences: label matchers and a time window; an alert whose labels all match is silenced. */
public final class Silences {
    public record Silence(
            String id,
            List<LabelMatcher> matchers,
            long startsAt,
            long endsAt,
            String createdBy,
            String comment,
            long createdAt,
            long updatedAt) {

        public boolean activeAt(long t) {
            return startsAt <= t && t < endsAt;
        }

        public boolean matches(Map<String, String> labels) {
            return matchers.stream().allMatch(m -> m.matches(labels.get(m.label())));
        }
    }

    private final SilenceRepository repository;
    private final Clock clock;

    public Silences(SilenceRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Silence create(
            List<LabelMatcher> matchers,
            Long startsAt,
            long endsAt,
            String comment,
            String author) {
        long now = clock.millis();
        long starts = startsAt == null ? now : startsAt;
        check(matchers, starts, endsAt, comment);
        SilenceRepository.Silence s =
                new SilenceRepository.Silence(
                        Ids.newId(), json(matchers), starts, endsAt, author, comment, now, now);
        repository.insert(s);
        return view(s);
    }

    public Silence update(
            String id, List<LabelMatcher> matchers, Long startsAt, long endsAt, String comment) {
        SilenceRepository.Silence old =
                repository.byId(id).orElseThrow(() -> ApiException.notFound("no silence " + id));
        long starts = startsAt == null ? old.startsAt() : startsAt;
        check(matchers, starts, endsAt, comment);
        SilenceRepository.Silence s =
                new SilenceRepository.Silence(
                        id,
                        json(matchers),
                        starts,
                        endsAt,
                        old.createdBy(),
                        comment,
                        old.createdAt(),
                        clock.millis());
        repository.update(s);
        return view(s);
    }

    /** Ends the silence now (kept for the record). */
    public Silence expire(String id) {
        SilenceRepository.Silence old =
                repository.byId(id).orElseThrow(() -> ApiException.notFound("no silence " + id));
        long now = clock.millis();
        SilenceRepository.Silence s =
                new SilenceRepository.Silence(
                        id,
                        old.matchers(),
                        Math.min(old.startsAt(), now),
                        Math.min(old.endsAt(), now),
                        old.createdBy(),
                        old.comment(),
                        old.createdAt(),
                        now);
        repository.update(s);
        return view(s);
    }

    public Silence get(String id) {
        return view(
                repository.byId(id).orElseThrow(() -> ApiException.notFound("no silence " + id)));
    }

    /** Active and upcoming silences. */
    public List<Silence> current() {
        return repository.notEndedAt(clock.millis()).stream().map(Silences::view).toList();
    }

    public List<Silence> all(int limit) {
        return repository.all(limit).stream().map(Silences::view).toList();
    }

    /** Ids of the silences active now that match these labels. */
    public List<String> silencing(Map<String, String> labels, List<Silence> current) {
        long now = clock.millis();
        return current.stream()
                .filter(s -> s.activeAt(now) && s.matches(labels))
                .map(Silence::id)
                .toList();
    }

    private void check(List<LabelMatcher> matchers, long starts, long ends, String comment) {
        if (matchers == null || matchers.isEmpty()) {
            throw ApiException.badParameter("matchers", "a silence needs at least one matcher");
        }
        for (int i = 0; i < matchers.size(); i++) {
            LabelMatcher m = matchers.get(i);
            String at = "matchers[" + i + "]";
            if (m == null
                    || m.label() == null
                    || m.label().isBlank()
                    || m.op() == null
                    || m.value() == null) {
                throw ApiException.badParameter(at, at + " needs label, op and value");
            }
            if (m.op() == io.aimonitor.schemas.rules.MatchOp.RE
                    || m.op() == io.aimonitor.schemas.rules.MatchOp.NRE) {
                try {
                    java.util.regex.Pattern.compile(m.value());
                } catch (PatternSyntaxException e) {
                    throw ApiException.badParameter(
                            at + ".value",
                            at + ".value is not a valid regular expression: " + e.getDescription());
                }
            }
        }
        if (ends <= starts) {
            throw ApiException.badParameter("ends_at", "ends_at must be after starts_at");
        }
        if (comment == null || comment.isBlank()) {
            throw ApiException.badParameter("comment", "a silence needs a comment saying why");
        }
    }

    private static String json(List<LabelMatcher> matchers) {
        try {
            return RuleJson.mapper().writeValueAsString(matchers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Silence view(SilenceRepository.Silence s) {
        try {
            List<LabelMatcher> matchers =
                    RuleJson.mapper().readValue(s.matchers(), new TypeReference<>() {});
            return new Silence(
                    s.id(),
                    matchers,
                    s.startsAt(),
                    s.endsAt(),
                    s.createdBy(),
                    s.comment(),
                    s.createdAt(),
                    s.updatedAt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable silence " + s.id(), e);
        }
    }
}
