package dev.switchboard.client;

/**
 * The server's ack of a send or whisper (docs/protocol.md, "Sends, whispers and acks").
 *
 * @param id          the server's id of the frame (also on every recipient's copy)
 * @param cid         the client's id of the frame
 * @param delivered   recipient connections posted to
 * @param undelivered recipients a fan-out stopped at the deadline did not reach (0 when none)
 * @param queued      recipients handed to the sharded fan-out queue (0 when none)
 */
public record Ack(String id, String cid, int delivered, int undelivered, int queued) {
}
