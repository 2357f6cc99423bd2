package io.aimonitor.api.notify;

import io.aimonitor.api.metadata.ChannelRepository;
import io.aimonitor.api.metadata.PolicyRepository;
import io.aimonitor.api.notify.policy.NotificationPolicy;
import io.aimonitor.api.notify.policy.PolicyJson;
import io.aimonitor.api.notify.policy.Routing;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The notification policy: validated against the existing channels, stored with a version, and read
 * by the dispatcher at most a second old (other replicas' changes arrive through the store).
 */
public final class PolicyService {
    /** The current policy with its routing tree and version. */
    public record Current(
            NotificationPolicy policy,
            Routing routing,
            long version,
            String updatedBy,
            long updatedAt) {}

    private static final long REFRESH_MS = 1000;

    private final PolicyRepository repository;
    private final ChannelRepository channels;
    private final Clock clock;
    private volatile Current current;
    private volatile long loadedAt = Long.MIN_VALUE;

    public PolicyService(PolicyRepository repository, ChannelRepository channels, Clock clock) {
        this.repository = repository;
        this.channels = channels;
        this.clock = clock;
    }

    public Current current() {
        long now = System.nanoTime() / 1_000_000;
        if (current == null || now - loadedAt > REFRESH_MS) {
            current =
                    repository
                            .get()
                            .map(
                                    s -> {
                                        NotificationPolicy p = PolicyJson.read(s.definition());
                                        return new Current(
                                                p,
                                                new Routing(p),
                                                s.version(),
                                                s.updatedBy(),
                                                s.updatedAt());
                                    })
                            .orElse(
                                    new Current(
                                            NotificationPolicy.NONE,
                                            new Routing(NotificationPolicy.NONE),
                                            0,
                                            "",
                                            0));
            loadedAt = now;
        }
        return current;
    }

    public NotificationPolicy policy() {
        return current().policy();
    }

    public Current put(String json, String by) {
        Set<String> names =
                channels.all().stream()
                        .map(ChannelRepository.StoredChannel::name)
                        .collect(Collectors.toSet());
        NotificationPolicy p = PolicyJson.parse(json, names);
        repository.put(PolicyJson.write(p), by, clock.millis());
        current = null;
        return current();
    }
}
