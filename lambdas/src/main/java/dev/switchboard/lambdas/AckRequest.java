package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.Frames;
import dev.switchboard.lambdas.api.ProtocolException;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.WebSocketRequest;

/**
 * The optional {@code ack} and {@code cid} of a {@code send} or {@code whisper} frame: whether the sender wants an
 * {@code ack}, and its own id for the message (1 to 64 characters), echoed in the ack and carried to the recipients.
 *
 * @param wanted {@code "ack": true}
 * @param cid    the client's id, or null
 */
record AckRequest(boolean wanted, String cid) {
    static final int MAX_CID_LENGTH = 64;

    /** Reads the frame's fields; MISSING_FIELD for a non-boolean {@code ack} or a bad {@code cid}. */
    static AckRequest of(WebSocketRequest r) {
        JsonNode ack = r.frame().get("ack");
        if (ack != null && !ack.isBoolean()) {
            throw ProtocolException.missing("ack", "true or false when present");
        }
        JsonNode cid = r.frame().get("cid");
        if (cid != null && (!cid.isTextual() || cid.asText().isEmpty() || cid.asText().length() > MAX_CID_LENGTH)) {
            throw ProtocolException.missing("cid", "a string of 1 to " + MAX_CID_LENGTH + " characters when present");
        }
        return new AckRequest(ack != null && ack.asBoolean(), cid == null ? null : cid.asText());
    }

    /** The reply to the sender: the ack frame when wanted, else no body. */
    RouteResponse reply(String id, Broadcaster.Result result) {
        if (!wanted) {
            return RouteResponse.ok();
        }
        return RouteResponse.reply(Frames.ack(id, cid, result.delivered(), result.undelivered(), 0));
    }
}
