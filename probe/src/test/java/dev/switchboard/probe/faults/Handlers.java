package dev.switchboard.probe.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.EnvVars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The wrapped functions of the fault blueprint ({@link FaultBlueprint}), one class per function. */
public final class Handlers {
    private Handlers() {
    }

    /** {@code rooms}: with MESSAGE_DROPPED, the members it records get the drop proxy as their callback URL. */
    public static final class Rooms extends Wrapped {
        private final com.amazonaws.services.lambda.runtime.RequestStreamHandler delegate;

        public Rooms(Map<String, String> env) {
            super(env, "RoomsHandler");
            if (fault == Fault.MESSAGE_DROPPED) {
                String proxy = DropProxy.start(env.get(EnvVars.CALLBACK_URL));
                this.delegate = build("RoomsHandler", with(env, EnvVars.CALLBACK_URL, proxy));
            } else {
                this.delegate = real;
            }
        }

        @Override
        protected byte[] handle(byte[] event, Context c) throws IOException {
            return invoke(delegate, event, c);
        }
    }

    /** {@code $default}: WRONG_ERROR_CODE answers BAD_JSON instead of UNKNOWN_ACTION. */
    public static final class Default extends Wrapped {
        public Default(Map<String, String> env) {
            super(env, "DefaultHandler");
        }

        @Override
        protected byte[] handle(byte[] event, Context c) throws IOException {
            byte[] out = invoke(real, event, c);
            if (fault != Fault.WRONG_ERROR_CODE) {
                return out;
            }
            return new String(out, StandardCharsets.UTF_8).replace("UNKNOWN_ACTION", "BAD_JSON")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** {@code $disconnect}: NO_CLEANUP skips the reference handler altogether. */
    public static final class Disconnect extends Wrapped {
        public Disconnect(Map<String, String> env) {
            super(env, "DisconnectHandler");
        }

        @Override
        protected byte[] handle(byte[] event, Context c) throws IOException {
            if (fault == Fault.NO_CLEANUP) {
                return "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8);
            }
            return invoke(real, event, c);
        }
    }

    /** {@code send}: LARGEST_REFUSED uses a handler whose MAX_DATA_BYTES is one byte short (an off-by-one). */
    public static final class Send extends Wrapped {
        private final com.amazonaws.services.lambda.runtime.RequestStreamHandler shortByOne;

        public Send(Map<String, String> env) {
            super(env, "SendHandler");
            int max = Integer.parseInt(env.get(EnvVars.MAX_DATA_BYTES));
            this.shortByOne = build("SendHandler", with(env, EnvVars.MAX_DATA_BYTES, Integer.toString(max - 1)));
        }

        @Override
        protected byte[] handle(byte[] event, Context c) throws IOException {
            return invoke(fault == Fault.LARGEST_REFUSED ? shortByOne : real, event, c);
        }
    }

    /** {@code whisper}: INTERNAL uses a handler whose table does not exist (its own INTERNAL path). */
    public static final class Whisper extends Wrapped {
        private final com.amazonaws.services.lambda.runtime.RequestStreamHandler noTable;

        public Whisper(Map<String, String> env) {
            super(env, "WhisperHandler");
            this.noTable = build("WhisperHandler", with(env, EnvVars.TABLE_NAME, "switchboard-probe-no-such-table"));
        }

        @Override
        protected byte[] handle(byte[] event, Context c) throws IOException {
            return invoke(fault == Fault.INTERNAL ? noTable : real, event, c);
        }
    }

    /**
     * {@code ping}: adds the caller's {@code connectionId} to the pong, standing in for a way the protocol does not
     * have yet for a client to learn its own id, so that the management cases run on the probe's own connections.
     */
    public static final class Ping extends Wrapped {
        private static final ObjectMapper JSON = new ObjectMapper();

        public Ping(Map<String, String> env) {
            super(env, "PingHandler");
        }

        @Override
        protected byte[] handle(byte[] event, Context c) throws IOException {
            ObjectNode response = (ObjectNode) JSON.readTree(invoke(real, event, c));
            JsonNode body = JSON.readTree(response.path("body").asText("{}"));
            if (body instanceof ObjectNode b && "pong".equals(b.path("type").asText())) {
                b.put("connectionId", JSON.readTree(event).path("requestContext").path("connectionId").asText());
                response.put("body", b.toString());
            }
            return JSON.writeValueAsBytes(response);
        }
    }
}
