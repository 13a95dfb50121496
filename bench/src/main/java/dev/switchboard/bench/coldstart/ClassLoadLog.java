package dev.switchboard.bench.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child's class-load log ({@code -Xlog:class+load=info:file=<f>:uptimenanos}, one line per loaded class:
 * {@code [<ns since JVM start>ns] <class> source: <where from>}), split into phases at the {@link PhaseMarks} the
 * child loaded. Each phase counts its classes by library ({@link #GROUPS}) and how many came from a CDS archive
 * (source {@code shared objects file}, the JDK's default archive or an AppCDS one).
 */
final class ClassLoadLog {
    /** Library groups, by class-name prefix, in the order they are printed; anything else is "other". */
    static final Map<String, List<String>> GROUPS = groups();

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ns\\] (\\S+) source: (.*)$");

    /** One phase: its end (ms since JVM start), its length, and its class counts. */
    record Phase(String name, double endMs, double ms, int classes, int fromArchive, Map<String, Integer> byGroup) {
    }

    private ClassLoadLog() {
    }

    /**
     * Splits the log at the marks, in order (a phase ends where its mark was loaded); classes after the last mark are
     * left out. Throws when a mark is missing.
     */
    static List<Phase> phases(Path log, List<String> marks) throws IOException {
        List<Phase> out = new ArrayList<>();
        int next = 0;
        double previousEnd = 0;
        int classes = 0;
        int archived = 0;
        Map<String, Integer> byGroup = emptyCounts();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LINE.matcher(line);
            if (!m.matches() || next == marks.size()) {
                continue;
            }
            double ms = Long.parseLong(m.group(1)) / 1e6;
            String name = m.group(2);
            if (name.equals(PhaseMarks.className(marks.get(next)))) {
                out.add(new Phase(marks.get(next), ms, ms - previousEnd, classes, archived, byGroup));
                previousEnd = ms;
                classes = 0;
                archived = 0;
                byGroup = emptyCounts();
                next++;
                continue;
            }
            classes++;
            if (m.group(3).startsWith("shared objects file")) {
                archived++;
            }
            byGroup.merge(group(name), 1, Integer::sum);
        }
        if (next < marks.size()) {
            throw new IllegalStateException("no phase mark " + marks.get(next) + " in " + log);
        }
        return out;
    }

    static String group(String className) {
        for (Map.Entry<String, List<String>> g : GROUPS.entrySet()) {
            if (g.getValue().stream().anyMatch(className::startsWith)) {
                return g.getKey();
            }
        }
        return "other";
    }

    private static Map<String, Integer> emptyCounts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        GROUPS.keySet().forEach(k -> m.put(k, 0));
        m.put("other", 0);
        return m;
    }

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("jdk", List.of("java.", "javax.", "jdk.", "sun.", "com.sun."));
        g.put("aws-sdk", List.of("software.amazon.awssdk."));
        g.put("jackson", List.of("com.fasterxml.jackson."));
        g.put("nimbus", List.of("com.nimbusds."));
        g.put("switchboard", List.of("dev.switchboard."));
        return java.util.Collections.unmodifiableMap(g);
    }
}
