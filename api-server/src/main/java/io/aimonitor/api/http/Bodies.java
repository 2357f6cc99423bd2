package io.aimonitor.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.aimonitor.schemas.text.DurationJson;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The API's JSON, both ways: snake_case names, durations as "5m". Request bodies are strict;
 * mistakes are 400s naming the field.
 */
public final class Bodies {
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .registerModule(DurationJson.module())
                    .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Bodies() {}

    public static <T> T parse(Context ctx, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw new ApiException(400, "bad_request", "a JSON body is required", Map.of());
        }
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw new ApiException(400, "bad_request", "a JSON object is required", Map.of());
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badParameter(
                    e.getPropertyName(), "unknown field '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            String field =
                    e.getPath().isEmpty()
                            ? ""
                            : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw ApiException.badParameter(
                    field == null ? "" : field,
                    (field == null || field.isEmpty() ? "" : field + ": ")
                            + "has the wrong type or value");
        } catch (JsonProcessingException e) {
            throw new ApiException(
                    400, "bad_request", "malformed JSON: " + e.getOriginalMessage(), Map.of());
        }
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
