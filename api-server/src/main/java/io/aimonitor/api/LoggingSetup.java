package io.aimonitor.api;

import io.aimonitor.api.config.AimonitorConfig;
import java.net.URISyntaxException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Applies {@code logging.*}: JSON lines (ECS fields, the request id among the labels) or text, at
 * the configured level. Runs once the configuration is known.
 */
public final class LoggingSetup {
    private LoggingSetup() {}

    public static void apply(AimonitorConfig.Logging logging) {
        String file =
                logging.format().equals("json")
                        ? "/aimonitor-log4j2-json.xml"
                        : "/aimonitor-log4j2-text.xml";
        // logger contexts created later (Flink's RPC runs in its own class loader) read the same
        // file
        System.setProperty("log4j2.configurationFile", file.substring(1));
        try {
            Configurator.reconfigure(LoggingSetup.class.getResource(file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Configurator.setLevel("io.aimonitor", Level.valueOf(logging.level()));
    }
}
