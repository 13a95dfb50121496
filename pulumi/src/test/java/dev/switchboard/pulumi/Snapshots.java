package dev.switchboard.pulumi;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resource-graph snapshots: every declared resource sorted by type and name, with its provider's logical name (ids
 * stripped), explicit dependencies and inputs as the engine receives them; maps sorted, whole numbers normalised,
 * secrets shown as {@code [secret]}, archives as their path, JSON documents (policies, dashboards) expanded. Compared
 * with {@code pulumi/src/test/resources/snapshots/<name>.json}; regenerated only with {@code -Dsnapshot.update=true}.
 */
final class Snapshots {
    static final String SECRET_SIG = PlainStrings.SECRET_SIG;
    static final String ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
    static final String SIG_KEY = PlainStrings.SIG_KEY;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private Snapshots() {
    }

    static String render(ProgramRun run) {
        List<Map<String, Object>> out = new ArrayList<>();
        run.declared.stream()
                .sorted(Comparator.comparing(ProgramRun.Declared::type).thenComparing(ProgramRun.Declared::name))
                .forEach(d -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("type", d.type());
                    m.put("name", d.name());
                    if (d.provider() != null) {
                        m.put("provider", d.provider());
                    }
                    if (!d.dependsOn().isEmpty()) {
                        m.put("dependsOn", d.dependsOn().stream().sorted().toList());
                    }
                    m.put("inputs", normalise(d.serializedInputs()));
                    out.add(m);
                });
        return GSON.toJson(out) + "\n";
    }

    /** Sorted maps, whole numbers as longs, secrets and archives replaced, embedded JSON documents expanded. */
    static Object normalise(Object v) {
        if (v instanceof Map<?, ?> m) {
            if (SECRET_SIG.equals(m.get(SIG_KEY))) {
                return "[secret]";
            }
            if (ARCHIVE_SIG.equals(m.get(SIG_KEY))) {
                return "archive:" + m.get("path");
            }
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, val) -> sorted.put(k.toString(), normalise(val)));
            return sorted;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Snapshots::normalise).toList();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (v instanceof String s && s.startsWith("{\"")) {
            try {
                return Map.of("json", normalise(new Gson().fromJson(s, Object.class)));
            } catch (JsonParseException e) {
                return s;
            }
        }
        return v;
    }

    static Path file(String name) {
        String root = System.getProperty("switchboard.root", "..");
        return Path.of(root, "pulumi", "src", "test", "resources", "snapshots", name + ".json");
    }

    /** Compares with the stored snapshot, or rewrites it when {@code -Dsnapshot.update=true}. */
    static void assertMatches(String name, String actual) throws IOException {
        Path file = file(name);
        if (Boolean.getBoolean("snapshot.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            throw new AssertionError("no snapshot " + file + "; create it with mvn -B -DskipNpm -pl pulumi test"
                    + " -Dsnapshot.update=true and review it");
        }
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            throw new AssertionError("resource graph differs from snapshot " + file
                    + " (regenerate with -Dsnapshot.update=true if the change is intended):\n"
                    + diff(expected.lines().toList(), actual.lines().toList()));
        }
    }

    /** A unified-style line diff (LCS), 3 lines of context, at most 200 lines. */
    static String diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add("  " + a.get(i));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add("- " + a.get(i++));
            } else {
                ops.add("+ " + b.get(j++));
            }
        }
        StringBuilder sb = new StringBuilder("--- snapshot\n+++ actual\n");
        int lines = 0;
        int lastPrinted = -1;
        for (int k = 0; k < ops.size() && lines < 200; k++) {
            if (!ops.get(k).startsWith("  ")) {
                for (int c = Math.max(lastPrinted + 1, k - 3); c <= Math.min(ops.size() - 1, k + 3) && lines < 200; c++) {
                    if (c > lastPrinted) {
                        if (c > lastPrinted + 1 && lastPrinted >= 0) {
                            sb.append("@@\n");
                        }
                        sb.append(ops.get(c)).append('\n');
                        lastPrinted = c;
                        lines++;
                    }
                }
            }
        }
        return sb.toString();
    }
}
