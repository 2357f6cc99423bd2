package io.aimonitor.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Parses ClickHouse's JSONEachRow output (one object per line). */
public final class JsonEachRow {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonEachRow() {}

    public static List<JsonNode> parse(byte[] output) {
        if (output.length == 0) {
            return List.of();
        }
        try (MappingIterator<JsonNode> rows = MAPPER.readerFor(JsonNode.class).readValues(output)) {
            return rows.readAll();
        } catch (IOException e) {
            throw new StoreException("unreadable JSONEachRow output: " + e.getMessage(), e);
        }
    }

    public static List<JsonNode> parse(InputStream output) {
        try (MappingIterator<JsonNode> rows = MAPPER.readerFor(JsonNode.class).readValues(output)) {
            return rows.readAll();
        } catch (IOException e) {
            throw new StoreException("unreadable JSONEachRow output: " + e.getMessage(), e);
        }
    }
}
