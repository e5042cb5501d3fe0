package org.garant.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/** JSON at the HTTP edge: strict reading (unknown fields and wrong types are errors naming the field). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Json() {
    }

    /** The request body as a JSON object; 400 when it is not one. */
    static ObjectNode object(String body) {
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage().split("\n")[0]);
        }
        if (n == null || !n.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return (ObjectNode) n;
    }

    /** Refuses fields not in {@code known}, naming the first unknown one at {@code where}. */
    static void onlyKnown(JsonNode o, String where, Set<String> known) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw ApiError.badRequest(where + f + ": unknown field (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    /** The array at {@code field}, required. */
    static ArrayNode array(ObjectNode o, String field, int max) {
        JsonNode a = o.get(field);
        if (a == null) {
            throw ApiError.badRequest(field + ": missing (an array)");
        }
        if (!a.isArray()) {
            throw ApiError.badRequest(field + ": must be an array, not " + a.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (a.size() > max) {
            throw ApiError.badRequest(field + ": " + a.size() + " items; at most " + max + " per request");
        }
        return (ArrayNode) a;
    }

    static String text(ObjectNode o, String field, String dflt) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isTextual()) {
            throw ApiError.badRequest(field + ": must be a string");
        }
        return n.asText();
    }

    static ObjectNode tree(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse: " + e.getMessage(), e);
        }
    }

    static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
