package io.aimonitor.api.ai.offline;

import io.aimonitor.api.ai.evidence.EvidencePack;
import io.aimonitor.api.ai.evidence.FactEvidence;
import io.aimonitor.api.ai.evidence.SeriesEvidence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Incidents with a known cause: a fault starts on one service and travels along a call path (each
 * hop one to four minutes later) to the service that alerts; bystanders have noise, spikes and,
 * sometimes, a small unrelated shift before the fault or a large one after the alert.
 */
final class SyntheticIncidents {
    static final long STEP_MS = 60_000;
    private static final int POINTS = 100;

    record Incident(EvidencePack pack, String cause) {}

    static Incident generate(Random rnd, int number) {
        List<String> services = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            services.add("service:svc-" + number + "-" + i);
        }
        Collections.shuffle(services, rnd);
        int hops = rnd.nextInt(3); // 0: the alerting service is the cause
        List<String> path = services.subList(0, hops + 1);
        String cause = path.get(0);
        String alertingEntity = path.get(path.size() - 1);

        long start = 1_764_000_000_000L + number * 86_400_000L;
        int faultAt = 55 + rnd.nextInt(25);
        int[] shiftAt = new int[path.size()];
        shiftAt[0] = faultAt;
        for (int i = 1; i < path.size(); i++) {
            shiftAt[i] = shiftAt[i - 1] + 1 + rnd.nextInt(4);
        }
        int firedAt = shiftAt[shiftAt.length - 1] + 2;
        int length = Math.min(POINTS, firedAt + 3);

        List<SeriesEvidence> related = new ArrayList<>();
        SeriesEvidence alerting = null;
        int id = 1;
        for (String service : services) {
            int hop = path.indexOf(service);
            for (String metric : List.of("http.server.duration.p99", "http.server.error_ratio")) {
                boolean primary = metric.startsWith("http.server.duration");
                double level = 20 + rnd.nextDouble() * 200;
                double sd = level * (0.03 + rnd.nextDouble() * 0.07);
                double[] values = new double[length];
                long[] times = new long[length];
                int shiftIndex = -1;
                double shift = 0;
                if (hop >= 0 && (primary || hop == 0)) {
                    shiftIndex = shiftAt[hop];
                    shift = sd * (3.5 + rnd.nextDouble() * 6);
                } else if (hop < 0 && rnd.nextDouble() < 0.3) {
                    shiftIndex = firedAt + 1 + rnd.nextInt(2); // a bystander moving afterwards
                    shift = sd * (4 + rnd.nextDouble() * 4);
                } else if (hop < 0 && rnd.nextDouble() < 0.15) {
                    shiftIndex = faultAt - 10 - rnd.nextInt(20); // a bystander's unrelated wobble
                    shift = sd * (2 + rnd.nextDouble() * 2);
                }
                for (int t = 0; t < length; t++) {
                    times[t] = start + t * STEP_MS;
                    values[t] = level + rnd.nextGaussian() * sd;
                    if (shiftIndex >= 0 && t >= shiftIndex) {
                        values[t] += shift;
                    }
                    if (rnd.nextDouble() < 0.02) {
                        values[t] += 5 * sd; // a lone spike
                    }
                }
                boolean isAlerting = service.equals(alertingEntity) && primary;
                SeriesEvidence s =
                        new SeriesEvidence(
                                isAlerting ? "S1" : "S" + (++id),
                                service,
                                metric,
                                Map.of("service.name", service.substring("service:".length())),
                                times,
                                values,
                                List.of());
                if (isAlerting) {
                    alerting = s;
                } else {
                    related.add(s);
                }
            }
        }
        List<FactEvidence> facts = new ArrayList<>();
        if (rnd.nextBoolean()) {
            facts.add(
                    new FactEvidence(
                            "F1",
                            "change",
                            cause,
                            start + (faultAt - 1) * STEP_MS,
                            "deploy of " + cause + " version 2." + number,
                            Map.of()));
        }
        EvidencePack pack =
                new EvidencePack(
                        "incident-" + number,
                        "p99 latency high",
                        "http.server.duration.p99 > baseline + 3 sigma for 2m",
                        "warning",
                        start + firedAt * STEP_MS,
                        alerting,
                        related,
                        facts);
        return new Incident(pack, cause);
    }

    private SyntheticIncidents() {}
}
