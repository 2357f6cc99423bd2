package io.aimonitor.schemas.text;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Where a JSON document was wrong ({@code selector.matchers[0].op}) and why, for 400s. */
public final class JsonProblems {
    private JsonProblems() {}

    public static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (e instanceof InvalidTypeIdException && sb.length() > 0) {
            sb.append(".type");
        } else if (e instanceof InvalidTypeIdException) {
            sb.append("type");
        }
        return sb.toString();
    }

    public static String reason(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof InvalidTypeIdException t) {
            return t.getTypeId() == null
                    ? "type is required"
                    : "unknown type '" + t.getTypeId() + "'";
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return v.getCause().getMessage();
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        String message = e.getOriginalMessage();
        int detail = message.indexOf(" (");
        return detail > 0 && message.startsWith("Cannot") ? message.substring(0, detail) : message;
    }
}
