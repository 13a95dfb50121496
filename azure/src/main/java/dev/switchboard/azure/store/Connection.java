package dev.switchboard.azure.store;

/**
 * A live connection as the table knows it.
 *
 * @param connectionId Web PubSub's connection id
 * @param userId       the user the {@code connect} event authenticated (the token's {@code sub})
 * @param connectedAt  when the {@code connect} event was handled, epoch milliseconds
 */
public record Connection(String connectionId, String userId, long connectedAt) {
}
