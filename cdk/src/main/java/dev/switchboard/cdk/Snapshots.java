package dev.switchboard.cdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Snapshot testing of synthesized templates, for this module's tests and users' own: keys sorted, asset hashes and
 * the hash in Lambda version logical ids replaced by placeholders (as integ-runner's canonicalizeTemplate does), so a
 * snapshot changes only when the infrastructure does. A snapshot is written only when the system property
 * {@value #UPDATE_PROPERTY} is {@code true} ({@code mvn test -Dsnapshot.update=true}); otherwise a mismatch fails
 * with the differing lines.
 */
public final class Snapshots {
    /** The system property that rewrites snapshots instead of comparing them. */
    public static final String UPDATE_PROPERTY = "snapshot.update";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Pattern ASSET_HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VERSION_ID = Pattern.compile("(CurrentVersion[0-9A-F]{8})[0-9a-f]{32,40}");

    private Snapshots() {
    }

    /** The canonical text of {@code template}: sorted keys, placeholders for hashes, two-space indent, final newline. */
    public static String canonical(Map<String, Object> template) {
        try {
            String text = JSON.writeValueAsString(sorted(template));
            text = ASSET_HASH.matcher(text).replaceAll("<asset-hash>");
            text = VERSION_ID.matcher(text).replaceAll("$1<version-hash>");
            return text.replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object sorted(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(Snapshots::sorted).toList();
        }
        return o;
    }

    /**
     * Compares {@code template} with the snapshot file {@code file} (or writes it, with {@value #UPDATE_PROPERTY}).
     *
     * @throws AssertionError with the first differing lines when they differ, or when the snapshot is missing
     */
    public static void assertMatches(Path file, Map<String, Object> template) {
        String actual = canonical(template);
        try {
            if (Boolean.getBoolean(UPDATE_PROPERTY)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.isRegularFile(file)) {
                throw new AssertionError("no snapshot " + file + "; create it with -D" + UPDATE_PROPERTY + "=true");
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                throw new AssertionError("template differs from snapshot " + file + " (review the change, then"
                        + " regenerate with -D" + UPDATE_PROPERTY + "=true):\n" + diff(expected, actual));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A short line diff: the common head and tail are skipped; at most 80 changed lines are shown. */
    public static String diff(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int head = 0;
        while (head < a.length && head < b.length && a[head].equals(b[head])) {
            head++;
        }
        int ta = a.length - 1;
        int tb = b.length - 1;
        while (ta >= head && tb >= head && a[ta].equals(b[tb])) {
            ta--;
            tb--;
        }
        List<String> out = new ArrayList<>();
        out.add("@@ snapshot line " + (head + 1) + " @@");
        for (int i = Math.max(0, head - 3); i < head; i++) {
            out.add("  " + a[i]);
        }
        for (int i = head; i <= ta && out.size() < 44; i++) {
            out.add("- " + a[i]);
        }
        for (int i = head; i <= tb && out.size() < 84; i++) {
            out.add("+ " + b[i]);
        }
        if (ta - head + tb - head + 2 > 80) {
            out.add("... (" + (ta - head + 1) + " snapshot lines and " + (tb - head + 1) + " new lines differ)");
        }
        return String.join("\n", out);
    }
}
