package dev.switchboard.blueprint;

/** An inclusive range of Unicode code points, {@code first} to {@code last}. */
public record CodePointRange(int first, int last) {
    public CodePointRange {
        if (first < 0 || last > Character.MAX_CODE_POINT || first > last) {
            throw new IllegalArgumentException("not a code point range: " + first + ".." + last);
        }
    }

    static CodePointRange of(int first, int last) {
        return new CodePointRange(first, last);
    }

    static CodePointRange of(int single) {
        return new CodePointRange(single, single);
    }

    public boolean contains(int codePoint) {
        return codePoint >= first && codePoint <= last;
    }
}
