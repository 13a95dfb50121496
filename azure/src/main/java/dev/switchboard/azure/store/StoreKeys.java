package dev.switchboard.azure.store;

/**
 * The keys of the one Switchboard table in Azure Table Storage (docs/azure.md, "State"). Every request-path read is a
 * point read or a query inside one partition; nothing scans the table.
 *
 * <pre>
 * PartitionKey        RowKey                 what
 * c|{connectionId}    meta                   the connection: userId, connectedAt (epoch ms)
 * c|{connectionId}    room|{room}            a room the connection joined (for the clean-up on disconnect)
 * u|{userId}          conn|{connectionId}    a connection of the user (per-user limit, whisper counts)
 * u|{userId}          rate                   the user's GCRA state: tat (microseconds), last (ms)
 * u|{userId}          slot|{i}               one of the user's maxConnectionsPerUser slots: connectionId
 * r|{room}            {userId}|{connId}      a member connection, ordered by user: pages of users, presence reads
 * n|{room}            count|{k}              member connections of the room, in 16 rows summed on read
 * k|                  cursor                 the key that seals member cursors
 * </pre>
 *
 * <p>User and connection ids are escaped: Table Storage forbids {@code / \ # ?} and control characters in keys
 * (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model, "Characters
 * disallowed in key fields"), and {@code |} separates parts here; each such character becomes {@code %} and four hex
 * digits, {@code %} itself included. Room names need no escape (letters, digits and {@code _ - . : @}).
 */
public final class StoreKeys {
    static final String META = "meta";
    static final String RATE = "rate";
    static final String COUNT = "count";
    static final String ROOM_ROW = "room|";
    static final String CONN_ROW = "conn|";
    /** The first character after {@code |}: a row key {@code user} + this sorts after every row of {@code user}. */
    static final char AFTER_SEPARATOR = '}';

    private StoreKeys() {
    }

    static String connection(String connectionId) {
        return "c|" + escape(connectionId);
    }

    static String user(String userId) {
        return "u|" + escape(userId);
    }

    static String room(String room) {
        return "r|" + room;
    }

    static String roomCount(String room) {
        return "n|" + room;
    }

    static String config() {
        return "k|";
    }

    static String member(String userId, String connectionId) {
        return escape(userId) + "|" + escape(connectionId);
    }

    /** The id with every character Table Storage forbids in keys, and {@code |} and {@code %}, as {@code %XXXX}. */
    public static String escape(String id) {
        StringBuilder b = null;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean bad = c == '/' || c == '\\' || c == '#' || c == '?' || c == '|' || c == '%' || c < 0x20
                    || (c >= 0x7f && c <= 0x9f);
            if (bad && b == null) {
                b = new StringBuilder(id.length() + 16).append(id, 0, i);
            }
            if (b != null) {
                if (bad) {
                    b.append('%').append(String.format("%04X", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? id : b.toString();
    }

    /** The inverse of {@link #escape}. */
    public static String unescape(String key) {
        if (key.indexOf('%') < 0) {
            return key;
        }
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '%' && i + 5 <= key.length()) {
                b.append((char) Integer.parseInt(key.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** An OData string literal: single quotes, inner quotes doubled. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
