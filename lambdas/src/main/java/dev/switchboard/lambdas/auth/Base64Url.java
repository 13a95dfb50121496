package dev.switchboard.lambdas.auth;

import java.util.Base64;

/**
 * Canonical unpadded base64url (RFC 7515 section 2, RFC 4648 section 5): only {@code A-Z a-z 0-9 - _}, no padding, no
 * line breaks, and the unused bits of the last character zero, so that each byte string has exactly one encoding (a
 * decoder that ignores those bits accepts up to 16 spellings of one token).
 */
final class Base64Url {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private Base64Url() {
    }

    /** The bytes {@code s} encodes; throws {@link IllegalArgumentException} unless it is canonical base64url. */
    static byte[] decode(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                throw new IllegalArgumentException("not base64url");
            }
        }
        int rest = s.length() % 4;
        if (rest == 1) {
            throw new IllegalArgumentException("not a base64url length");
        }
        if (rest != 0) {
            int last = ALPHABET.indexOf(s.charAt(s.length() - 1));
            int unusedBits = rest == 2 ? 0b1111 : 0b11;
            if ((last & unusedBits) != 0) {
                throw new IllegalArgumentException("not canonical base64url");
            }
        }
        return Base64.getUrlDecoder().decode(s);
    }
}
