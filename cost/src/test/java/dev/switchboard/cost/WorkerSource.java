package dev.switchboard.cost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's sources, for tests that tie the cost model to the code it prices. */
final class WorkerSource {
    private WorkerSource() {
    }

    /** The repository root: the first parent of the working directory that holds {@code cloudflare/src/worker}. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("cloudflare/src/worker"))) {
                return p;
            }
        }
        throw new IllegalStateException("no cloudflare/src/worker above " + Path.of("").toAbsolutePath());
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text from the first match of {@code start} to the brace that closes the first brace after it. */
    static String block(String source, String start) {
        int at = source.indexOf(start);
        if (at < 0) {
            throw new AssertionError("no '" + start + "' in the source: the Worker changed; recount the cost model");
        }
        int open = source.indexOf('{', at);
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return source.substring(at, i + 1);
            }
        }
        throw new AssertionError("unbalanced braces after '" + start + "'");
    }

    /** How often {@code regex} occurs in {@code text}. */
    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
