package dev.switchboard.azure.function;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the Functions Java worker hands it to a function ({@link HttpRequestMessage}), with the response
 * builder the worker provides. The Functions library ships only the interfaces; the local host ({@link FunctionHost})
 * and the tests call the deployed function through this implementation of them (status, headers, a body object).
 */
public final class FunctionRequest implements HttpRequestMessage<Optional<byte[]>> {
    private final HttpMethod method;
    private final Map<String, String> headers;
    private final byte[] body;

    public FunctionRequest(HttpMethod method, Map<String, String> headers, byte[] body) {
        this.method = method;
        this.headers = new LinkedHashMap<>(headers);
        this.body = body;
    }

    @Override
    public URI getUri() {
        return URI.create("http://localhost:7071/api/" + SwitchboardEvents.NAME);
    }

    @Override
    public HttpMethod getHttpMethod() {
        return method;
    }

    @Override
    public Map<String, String> getHeaders() {
        return headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return Map.of();
    }

    @Override
    public Optional<byte[]> getBody() {
        return Optional.ofNullable(body);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new Response.Builder(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new Response.Builder(status);
    }

    /** The response a function built. */
    public record Response(HttpStatusType status, Map<String, String> headers, Object body) implements HttpResponseMessage {
        @Override
        public HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String name) {
            return headers.get(name);
        }

        @Override
        public Object getBody() {
            return body;
        }

        /** The body as bytes (the function answers byte arrays), or none. */
        public byte[] bytes() {
            return body == null ? new byte[0] : (byte[]) body;
        }

        /** The body as text, or "" when none. */
        public String text() {
            return new String(bytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        static final class Builder implements HttpResponseMessage.Builder {
            private HttpStatusType status;
            private final Map<String, String> headers = new LinkedHashMap<>();
            private Object body;

            Builder(HttpStatusType status) {
                this.status = status;
            }

            @Override
            public HttpResponseMessage.Builder status(HttpStatusType s) {
                status = s;
                return this;
            }

            @Override
            public HttpResponseMessage.Builder header(String name, String value) {
                headers.put(name, value);
                return this;
            }

            @Override
            public HttpResponseMessage.Builder body(Object b) {
                body = b;
                return this;
            }

            @Override
            public HttpResponseMessage build() {
                return new Response(status, Map.copyOf(headers), body);
            }
        }
    }
}
