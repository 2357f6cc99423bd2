package io.aimonitor.schemas.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;

/** Durations in JSON as people write them ("90s", "5m", "1h30m"), via {@link Durations}. */
public final class DurationJson {
    private DurationJson() {}

    public static SimpleModule module() {
        return new SimpleModule("durations")
                .addSerializer(Duration.class, new Writer())
                .addDeserializer(Duration.class, new Reader());
    }

    private static final class Writer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration d, JsonGenerator g, SerializerProvider p)
                throws IOException {
            g.writeString(Durations.format(d));
        }
    }

    private static final class Reader extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
            try {
                return Durations.parse(p.getValueAsString());
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage());
            }
        }
    }
}
