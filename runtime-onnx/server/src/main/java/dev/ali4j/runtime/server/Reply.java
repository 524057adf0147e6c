package dev.ali4j.runtime.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** What the server answers: status, content type, body and extra headers. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json";
    static final String PNG = "image/png";

    static Reply png(byte[] png) {
        return new Reply(200, PNG, png, Map.of());
    }

    static Reply json(int status, ObjectNode node) {
        try {
            return new Reply(status, JSON, ApiRequest.JSON.writeValueAsBytes(node), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** {@code {"error": message}} with the status. */
    static Reply error(int status, String message) {
        return json(status, ApiRequest.JSON.createObjectNode().put("error", message));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(more));
    }
}
