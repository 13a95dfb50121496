package dev.switchboard.azure.store;

/**
 * One member connection of a room.
 *
 * @param userId       its user
 * @param connectionId the connection
 * @param connectedAt  when the connection was made, epoch milliseconds (presence: a user's earliest connection speaks)
 */
public record Member(String userId, String connectionId, long connectedAt) {
}
