package dev.switchboard.lambdas.store;

/**
 * One of a user's connection slots ({@code USER#{userId}} / {@code SLOT#n}): the connection that holds it, the slot's
 * TTL (epoch seconds, its holder's connection TTL) and when it was taken (epoch seconds; null for a slot written
 * before this was recorded).
 */
public record Slot(String sortKey, String connectionId, Long ttl, Long takenAt) {
}
