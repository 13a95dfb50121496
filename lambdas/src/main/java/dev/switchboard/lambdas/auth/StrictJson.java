package dev.switchboard.lambdas.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader (RFC 8259) for token headers and claims, with the exact grammar of the Worker's
 * {@code cloudflare/src/worker/strictjson.mjs}: no duplicate member names (compared after unescaping), whitespace only
 * space, tab, CR and LF, no comments, no trailing commas, no leading zeros, no unescaped control characters in strings,
 * nesting at most {@value #MAX_DEPTH} deep, nothing after the value. Numbers become {@link Double} (the nearest double,
 * as JavaScript's {@code Number} makes it; too large ones become infinity), objects {@link LinkedHashMap}, arrays
 * {@link List}, {@code null} Java null. Strings keep escaped unpaired surrogates, as JavaScript does.
 */
final class StrictJson {
    static final int MAX_DEPTH = 32;

    private final String text;
    private int pos;

    private StrictJson(String text) {
        this.text = text;
    }

    /** The JSON object {@code text} holds; throws {@link IllegalArgumentException} when it holds anything else. */
    static Map<String, Object> object(String text) {
        StrictJson p = new StrictJson(text);
        p.skipWhitespace();
        if (p.peek() != '{') {
            throw p.error("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("text after the value");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        skipWhitespace();
        int c = peek();
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        for (;;) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            Object v = value(depth + 1);
            if (members.containsKey(name)) {
                throw error("duplicate member name");
            }
            members.put(name, v);
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return members;
            }
        }
    }

    private List<Object> array(int depth) {
        pos++;
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return items;
        }
        for (;;) {
            items.add(value(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return items;
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        for (;;) {
            int c = peek();
            if (c < 0) {
                throw error("unterminated string");
            }
            pos++;
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                out.append((char) c);
                continue;
            }
            int e = peek();
            pos++;
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    int u = 0;
                    for (int i = 0; i < 4; i++) {
                        u = u * 16 + hex(text.charAt(pos + i));
                    }
                    pos += 4;
                    out.append((char) u);
                }
                default -> throw error("bad escape");
            }
        }
    }

    private Double number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (digit()) {
            while (digit()) {
                pos++;
            }
        } else {
            throw error("bad number");
        }
        if (peek() == '.') {
            pos++;
            requireDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            requireDigits();
        }
        return Double.parseDouble(text.substring(start, pos));
    }

    private void requireDigits() {
        if (!digit()) {
            throw error("bad number");
        }
        while (digit()) {
            pos++;
        }
    }

    private int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw error("bad \\u escape");
    }

    private boolean digit() {
        int c = peek();
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected word");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + pos);
    }
}
