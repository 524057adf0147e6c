package dev.ali4j.runtime.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import dev.ali4j.runtime.image.ImageOptions;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * One API request, its body already read: where parameters and uploads come from. A scalar
 * parameter comes from the body (a JSON object, a multipart form's text fields or an urlencoded
 * form) or the query string; given in both with different values, it is refused, naming the
 * conflict. An upload is a multipart file field, or the whole body when the body is neither JSON
 * nor a form. Images are decoded with this request's {@link #images()} options, which carry its
 * cancellation signal.
 */
final class ApiRequest {
    /** Parses JSON numbers NaN and Infinity so that they can be refused with a message naming them. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Map<String, String> query;
    /** As sent: a multipart boundary is case-sensitive. */
    private final String contentType;
    /** Lower case, for comparisons. */
    private final String mediaType;
    private final byte[] body;
    private final long maxBodyBytes;
    private final ImageOptions images;
    private JsonNode json;
    private Map<String, List<byte[]>> parts;
    private Map<String, String> form;

    ApiRequest(Map<String, String> query, String contentType, byte[] body, long maxBodyBytes, ImageOptions images) {
        this.query = query;
        this.contentType = contentType == null ? "" : contentType;
        this.mediaType = this.contentType.toLowerCase(Locale.ROOT).trim();
        this.body = body;
        this.maxBodyBytes = maxBodyBytes;
        this.images = images;
    }

    /** @return how this request's images are decoded: the server's limits and this request's cancellation */
    ImageOptions images() {
        return images;
    }

    boolean isUrlEncoded() {
        return mediaType.startsWith("application/x-www-form-urlencoded");
    }

    boolean isMultipart() {
        return mediaType.startsWith("multipart/form-data");
    }

    boolean isJson() {
        if (mediaType.startsWith("application/json")) {
            return true;
        }
        if (isMultipart() || mediaType.startsWith("image/")) {
            return false;
        }
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    /** @return the JSON body (an object), or an empty object when the body is empty */
    JsonNode json() {
        if (json == null) {
            if (body.length == 0) {
                json = JSON.createObjectNode();
            } else {
                try {
                    json = JSON.readTree(body);
                } catch (JsonProcessingException e) {
                    throw ApiException.badRequest("body is not valid JSON (one object, nothing after it): "
                            + e.getOriginalMessage());
                } catch (java.io.IOException e) {
                    throw ApiException.badRequest("body is not valid JSON: " + e.getMessage());
                }
                if (json == null || !json.isObject()) {
                    throw ApiException.badRequest("body must be a JSON object");
                }
            }
        }
        return json;
    }

    /**
     * @return a scalar parameter as text, or null if absent
     * @throws ApiException if the body and the query give it different values
     */
    String param(String name) {
        String fromBody = bodyParam(name);
        String fromQuery = query.get(name);
        if (fromBody != null && fromQuery != null && !fromBody.equals(fromQuery.trim())) {
            throw ApiException.badRequest("\"" + name + "\" is given twice, '" + fromQuery + "' in the query and '"
                    + fromBody + "' in the body; give it once");
        }
        return fromBody != null ? fromBody : fromQuery;
    }

    /** A parameter of the body: JSON object, multipart text field or urlencoded form. */
    private String bodyParam(String name) {
        if (isUrlEncoded()) {
            return form().get(name);
        }
        if (isJson()) {
            JsonNode node = json().get(name);
            if (node != null && !node.isNull()) {
                if (!node.isValueNode()) {
                    throw ApiException.badRequest("\"" + name + "\" must be a number or a string, not " + node.getNodeType()
                            .toString().toLowerCase(Locale.ROOT));
                }
                return node.asText();
            }
        }
        if (isMultipart()) {
            List<byte[]> values = parts().get(name);
            if (values != null && !values.isEmpty()) {
                return new String(values.get(0), StandardCharsets.UTF_8).trim();
            }
        }
        return null;
    }

    private Map<String, String> form() {
        if (form == null) {
            Fields fields = new Fields();
            try {
                UrlEncoded.decodeUtf8To(new String(body, StandardCharsets.UTF_8), fields);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("malformed urlencoded form: " + e.getMessage());
            }
            form = new LinkedHashMap<>();
            for (Fields.Field field : fields) {
                form.put(field.getName(), field.getValue().trim());
            }
        }
        return form;
    }

    /** @return an integer parameter within [min, max], or the default if absent */
    int intParam(String name, int fallback, int min, int max) {
        String text = param(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("\"" + name + "\" must be an integer, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw ApiException.badRequest("\"" + name + "\" must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** @return a 64-bit integer parameter, or the default if absent */
    long longParam(String name, long fallback) {
        String text = param(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("\"" + name + "\" must be an integer, got '" + text + "'");
        }
    }

    /** @return whether the upload field is there (a multipart file field) */
    boolean hasUpload(String name) {
        return isMultipart() && parts().containsKey(name);
    }

    /**
     * @param name the multipart field; without a form, the whole body is the upload
     * @return its bytes
     */
    byte[] upload(String name) {
        if (!isMultipart()) {
            if (isJson() || isUrlEncoded()) {
                throw ApiException.badRequest("expected an image as the body (or a multipart form with \"" + name
                        + "\"), got " + (isUrlEncoded() ? "an urlencoded form" : "JSON"));
            }
            return body;
        }
        List<byte[]> values = parts().get(name);
        if (values == null || values.isEmpty()) {
            throw ApiException.badRequest("multipart form has no \"" + name + "\" field (it has " + parts().keySet()
                    + ")");
        }
        return values.get(0);
    }

    private Map<String, List<byte[]>> parts() {
        if (parts == null) {
            parts = parseMultipart();
        }
        return parts;
    }

    private Map<String, List<byte[]>> parseMultipart() {
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw ApiException.badRequest("multipart/form-data without a boundary");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(16);
        parser.setMaxLength(maxBodyBytes);
        parser.setMaxMemoryFileSize(maxBodyBytes);
        parser.setUseFilesForPartsWithoutFileName(false);
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        try (MultiPartFormData.Parts form = parser.parse(Content.Source.from(ByteBuffer.wrap(body))).get()) {
            for (MultiPart.Part part : form) {
                ByteBuffer content = Content.Source.asByteBuffer(part.getContentSource());
                byte[] bytes = new byte[content.remaining()];
                content.get(bytes);
                out.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(bytes);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw ApiException.badRequest("malformed multipart form: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelBusyException("interrupted while reading the form");
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("malformed multipart form: " + e.getMessage());
        }
        return out;
    }
}
