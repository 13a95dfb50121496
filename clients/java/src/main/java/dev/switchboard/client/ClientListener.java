package dev.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a {@link SwitchboardClient} tells its application; every method has a no-op default. Called on the client's
 * own thread, one at a time: return quickly (hand long work to another executor).
 */
public interface ClientListener {
    /** A socket opened ({@code reconnected}: after a drop; the rooms are being re-joined, then {@link #onGap}). */
    default void onOpen(Transport transport, boolean reconnected) {
    }

    default void onMessage(Message m) {
    }

    default void onWhisper(Whisper w) {
    }

    default void onPresence(Presence p) {
    }

    /** Every {@code joined} frame: the answers to {@link SwitchboardClient#join} and to re-joins after a reconnect. */
    default void onJoined(Joined j) {
    }

    /** Every error frame, whether or not it also failed a request's future. */
    default void onError(SwitchboardException e) {
    }

    /** The socket dropped or an attempt failed; attempt {@code attempt} follows after {@code delayMillis}. */
    default void onReconnecting(int attempt, long delayMillis, Integer code, String reason, Integer status) {
    }

    /**
     * After a reconnect, once the rooms are re-joined: frames sent to this client between {@code from} and {@code to}
     * (epoch milliseconds) were lost; the protocol has no replay. {@code lostRooms} could not be re-joined.
     */
    default void onGap(long from, long to, List<String> rooms, List<String> lostRooms) {
    }

    /** For good: by {@code close()} ({@code byClient}), or the client gave up (reason, the server's last status). */
    default void onClose(int code, String reason, Integer status, int attempts, boolean byClient) {
    }

    record Message(String room, String from, String id, long ts, String cid, JsonNode data) {
    }

    record Whisper(String from, String id, long ts, String cid, JsonNode data) {
    }

    record Presence(String room, String user, String event) {
    }

    record Joined(String room, int count, List<String> members, String next) {
    }
}
