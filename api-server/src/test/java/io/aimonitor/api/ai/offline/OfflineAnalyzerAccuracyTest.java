package io.aimonitor.api.ai.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.api.ai.analysis.Analysis;
import io.aimonitor.api.ai.analysis.AnalysisValidator;
import io.aimonitor.api.ai.evidence.EvidencePack;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The offline analyzer on incidents whose cause is known: how often it names the right entity. */
class OfflineAnalyzerAccuracyTest {
    private static final int INCIDENTS = 300;
    private static final double ACCURACY_FLOOR = 0.85;

    @Test
    void namesTheEntityWhereTheFaultStarted() throws Exception {
        Random rnd = new Random(20261126);
        OfflineAnalyzer analyzer = new OfflineAnalyzer();
        int right = 0;
        for (int i = 0; i < INCIDENTS; i++) {
            SyntheticIncidents.Incident incident = SyntheticIncidents.generate(rnd, i);
            Analysis a = analyzer.analyze(incident.pack());
            if (a.rootCause().entity().equals(incident.cause())) {
                right++;
            }
            // what it produces always passes the validation a model's answer must pass
            AnalysisValidator.parse(Json.of(a), incident.pack(), null);
        }
        double accuracy = (double) right / INCIDENTS;
        System.out.printf(
                "offline analyzer: root cause right in %d of %d synthetic incidents (%.1f %%)%n",
                right, INCIDENTS, accuracy * 100);
        assertThat(accuracy).isGreaterThanOrEqualTo(ACCURACY_FLOOR);
    }

    @Test
    void withNothingDeviatingItBlamesTheAlertingEntityWithLowConfidence() {
        EvidencePack pack = SyntheticIncidents.generate(new Random(1), 0).pack();
        EvidencePack flat =
                new EvidencePack(
                        pack.incidentKey(),
                        pack.ruleName(),
                        pack.condition(),
                        pack.severity(),
                        pack.firedAtMs(),
                        new io.aimonitor.api.ai.evidence.SeriesEvidence(
                                "S1",
                                "service:a",
                                "m",
                                java.util.Map.of(),
                                new long[] {1, 2, 3, 4, 5, 6, 7},
                                new double[] {5, 5, 5, 5, 5, 5, 5},
                                java.util.List.of()),
                        java.util.List.of(),
                        java.util.List.of());
        Analysis a = new OfflineAnalyzer().analyze(flat);
        assertThat(a.rootCause().entity()).isEqualTo("service:a");
        assertThat(a.confidence()).isLessThanOrEqualTo(0.2);
    }
}
