package dev.switchboard.blueprint;

import java.util.List;

/**
 * What a user id is, on every platform: the JWT's {@code sub} becomes the user id, the recipient of a whisper names
 * one, and both end up in table keys (DynamoDB, later Azure Table), cache keys (Redis), WebSocket tags (Cloudflare) and
 * frames. One definition, so that the same token means the same user everywhere; the Cloudflare Worker receives it in
 * its rendered settings ({@code userIds}) and applies it unchanged.
 *
 * <p>A valid user id:
 * <ul>
 *   <li>has 1 to {@value #MAX_CHARS} UTF-16 code units (Java's {@code String.length()}, JavaScript's
 *       {@code string.length});</li>
 *   <li>is not only whitespace, and neither starts nor ends with whitespace ({@link #WHITESPACE}: the Unicode
 *       White_Space property, listed here so that no runtime's idea of "blank" or "trim" decides);</li>
 *   <li>contains no code point of {@link #FORBIDDEN}: controls (Cc), format characters (Cf: soft hyphen, zero-width
 *       and bidirectional controls, the byte order mark, tag characters), the line and paragraph separators (Zl, Zp),
 *       unpaired surrogates, and U+FFFD (what a lenient UTF-8 decoder substitutes for bytes it cannot read, so that no
 *       two byte strings can become one user).</li>
 * </ul>
 * Interior spaces and every other character are allowed. The lists are written out (from Unicode 15.1) rather than
 * looked up at run time: Java 17 and a current JavaScript engine disagree on the Cf category (U+0890, U+13439..).
 *
 * <p>Why {@value #MAX_CHARS}: a UTF-16 code unit is at most 3 bytes of UTF-8, so a user id is at most 384 bytes. Two user
 * ids and separators fit a DynamoDB sort key (1,024 bytes; partition keys 2,048) and an Azure Table PartitionKey or
 * RowKey (1 KiB of UTF-16, i.e. 512 code units); {@code u:} and a user id fit a Cloudflare WebSocket tag (256 characters,
 * https://developers.cloudflare.com/durable-objects/api/websockets/) with room for any prefix up to 128 characters;
 * Redis keys take up to 512 MB.
 */
public final class UserIds {
    /** Longest user id, in UTF-16 code units. */
    public static final int MAX_CHARS = 128;

    /** Code points that may appear nowhere in a user id. */
    public static final List<CodePointRange> FORBIDDEN = List.of(
            CodePointRange.of(0x0000, 0x001F), CodePointRange.of(0x007F, 0x009F), // Cc
            CodePointRange.of(0x00AD), CodePointRange.of(0x0600, 0x0605), CodePointRange.of(0x061C),
            CodePointRange.of(0x06DD), CodePointRange.of(0x070F), CodePointRange.of(0x0890, 0x0891),
            CodePointRange.of(0x08E2), CodePointRange.of(0x180E), CodePointRange.of(0x200B, 0x200F),
            CodePointRange.of(0x2028, 0x2029), // Zl, Zp
            CodePointRange.of(0x202A, 0x202E), CodePointRange.of(0x2060, 0x2064), CodePointRange.of(0x2066, 0x206F),
            CodePointRange.of(0xD800, 0xDFFF), // unpaired surrogates (a pair is read as one supplementary code point)
            CodePointRange.of(0xFEFF), CodePointRange.of(0xFFF9, 0xFFFB),
            CodePointRange.of(0xFFFD), // the replacement character
            CodePointRange.of(0x110BD), CodePointRange.of(0x110CD), CodePointRange.of(0x13430, 0x1343F),
            CodePointRange.of(0x1BCA0, 0x1BCA3), CodePointRange.of(0x1D173, 0x1D17A), CodePointRange.of(0xE0001),
            CodePointRange.of(0xE0020, 0xE007F));

    /** Whitespace (the Unicode White_Space property): not at either end, and not the whole id. */
    public static final List<CodePointRange> WHITESPACE = List.of(
            CodePointRange.of(0x0009, 0x000D), CodePointRange.of(0x0020), CodePointRange.of(0x0085),
            CodePointRange.of(0x00A0), CodePointRange.of(0x1680), CodePointRange.of(0x2000, 0x200A),
            CodePointRange.of(0x2028, 0x2029), CodePointRange.of(0x202F), CodePointRange.of(0x205F),
            CodePointRange.of(0x3000));

    /** Why a string is not a user id; checked in this order. */
    public enum Problem {
        /** Empty, or only whitespace. */
        EMPTY,
        /** Longer than {@link #MAX_CHARS}. */
        TOO_LONG,
        /** Contains a code point of {@link #FORBIDDEN}. */
        FORBIDDEN_CHARACTER,
        /** Starts or ends with whitespace. */
        EDGE_WHITESPACE
    }

    private UserIds() {
    }

    /** Why {@code id} is not a valid user id, or null when it is one (null is {@link Problem#EMPTY}). */
    public static Problem problem(String id) {
        if (id == null || id.isEmpty()) {
            return Problem.EMPTY;
        }
        if (id.length() > MAX_CHARS) {
            return Problem.TOO_LONG;
        }
        if (id.codePoints().allMatch(c -> in(WHITESPACE, c))) {
            return Problem.EMPTY;
        }
        if (id.codePoints().anyMatch(c -> in(FORBIDDEN, c))) {
            return Problem.FORBIDDEN_CHARACTER;
        }
        if (in(WHITESPACE, id.codePointAt(0)) || in(WHITESPACE, id.codePointBefore(id.length()))) {
            return Problem.EDGE_WHITESPACE;
        }
        return null;
    }

    public static boolean isValid(String id) {
        return problem(id) == null;
    }

    private static boolean in(List<CodePointRange> ranges, int codePoint) {
        for (CodePointRange r : ranges) {
            if (r.contains(codePoint)) {
                return true;
            }
        }
        return false;
    }
}
