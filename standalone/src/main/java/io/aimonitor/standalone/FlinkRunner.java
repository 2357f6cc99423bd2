package io.aimonitor.standalone;

import io.aimonitor.api.config.AimonitorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink MiniCluster running the pipeline jobs with the same job graphs as a cluster, with
 * checkpoints in the data directory: a start resumes from the newest checkpoint or savepoint, and a
 * stop takes a final savepoint so that every staged batch is committed.
 */
final class FlinkRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkRunner.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    /** The pipeline's jobs share the cluster: each needs its own slots. */
    private static final int JOBS = 3;

    private final MiniCluster cluster;
    private final Configuration configuration;
    private final Path flinkDir;
    private final Map<String, JobID> jobs = new LinkedHashMap<>();

    private FlinkRunner(MiniCluster cluster, Configuration configuration, Path flinkDir) {
        this.cluster = cluster;
        this.configuration = configuration;
        this.flinkDir = flinkDir;
    }

    static FlinkRunner start(AimonitorConfig.Flink settings, Path flinkDir) throws Exception {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, settings.stateBackend());
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        conf.set(
                CheckpointingOptions.INCREMENTAL_CHECKPOINTS,
                "rocksdb".equals(settings.stateBackend()));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, settings.parallelism());
        conf.set(CoreOptions.TMP_DIRS, flinkDir.resolve("tmp").toString());
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, Integer.toString(settings.restPort()));
        conf.set(
                TaskManagerOptions.MANAGED_MEMORY_SIZE,
                MemorySize.ofMebiBytes("rocksdb".equals(settings.stateBackend()) ? 256 : 16));
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(JOBS * settings.parallelism())
                                .build());
        cluster.start();
        return new FlinkRunner(cluster, conf, flinkDir);
    }

    /**
     * Builds the job {@code name} with {@code topology}, resumes it from its newest snapshot (each
     * job keeps its own under the Flink directory) and waits until it runs.
     */
    void run(String name, Consumer<StreamExecutionEnvironment> topology) throws Exception {
        Path jobDir = flinkDir.resolve(name);
        Configuration conf = new Configuration(configuration);
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                jobDir.resolve("checkpoints").toUri().toString());
        conf.set(
                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                jobDir.resolve("savepoints").toUri().toString());
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        topology.accept(env);
        StreamGraph streamGraph = env.getStreamGraph();
        streamGraph.setJobName(name);
        JobGraph graph = streamGraph.getJobGraph();
        Optional<Path> snapshot = LatestSnapshot.in(jobDir);
        if (snapshot.isPresent()) {
            LatestSnapshot.deleteAllBut(jobDir, snapshot.get());
            // CLAIM: Flink owns the snapshot from now on and deletes it once subsumed
            graph.setSavepointRestoreSettings(
                    SavepointRestoreSettings.forPath(
                            snapshot.get().toUri().toString(), false, RecoveryClaimMode.CLAIM));
            LOG.info("Resuming {} from {}", name, snapshot.get());
        }
        JobID job =
                cluster.submitJob(graph)
                        .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .getJobID();
        jobs.put(name, job);
        awaitAllTasksRunning(job);
    }

    private void awaitAllTasksRunning(JobID job) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            AccessExecutionGraph graph = cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS);
            if (graph.getState().isGloballyTerminalState()) {
                String cause =
                        graph.getFailureInfo() == null
                                ? ""
                                : ": " + graph.getFailureInfo().getExceptionAsString();
                throw new IllegalStateException(
                        "the Flink job ended while starting (" + graph.getState() + ")" + cause);
            }
            boolean running = graph.getState() == JobStatus.RUNNING;
            for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
                running &= v.getExecutionState() == ExecutionState.RUNNING;
            }
            if (running) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "the Flink job did not start within " + START_TIMEOUT.toSeconds() + " s");
    }

    String restUrl() throws Exception {
        return cluster.getRestAddress().get(10, TimeUnit.SECONDS).toString();
    }

    /**
     * Takes a final savepoint of each job, the last started first (committing what was staged), and
     * stops the cluster.
     */
    @Override
    public void close() throws Exception {
        try {
            List<String> names = new ArrayList<>(jobs.keySet());
            Collections.reverse(names);
            for (String name : names) {
                JobID job = jobs.get(name);
                if (!cluster.getJobStatus(job).get(10, TimeUnit.SECONDS).isTerminalState()) {
                    String savepoint =
                            cluster.stopWithSavepoint(
                                            job,
                                            flinkDir.resolve(name)
                                                    .resolve("savepoints")
                                                    .toUri()
                                                    .toString(),
                                            false,
                                            SavepointFormatType.CANONICAL)
                                    .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    LOG.info("Flink job {} stopped with savepoint {}", name, savepoint);
                }
            }
        } finally {
            cluster.closeAsync().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
