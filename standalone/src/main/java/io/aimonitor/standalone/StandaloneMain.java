package io.aimonitor.standalone;

import io.aimonitor.api.LoggingSetup;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.config.ConfigException;
import io.aimonitor.api.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;

/** {@code java -jar aimonitor-standalone.jar [--config FILE] [--key=value ...]}. */
public final class StandaloneMain {
    private StandaloneMain() {}

    public static void main(String[] args) throws Exception {
        AimonitorConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv(), Path.of(""));
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        LoggingSetup.apply(config.logging());
        StandaloneSystem system = new StandaloneSystem(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    System.out.println("AIMonitor stopping");
                                    system.close();
                                    System.out.println("AIMonitor stopped");
                                    stopped.countDown();
                                    LogManager.shutdown();
                                },
                                "aimonitor-shutdown"));
        try {
            system.start();
        } catch (Exception e) {
            System.err.println("AIMonitor failed to start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println(system.readyLine());
        stopped.await();
    }
}
