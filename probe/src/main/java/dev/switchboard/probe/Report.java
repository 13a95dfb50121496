package dev.switchboard.probe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The closing line, the JUnit XML for CI and the JSON report. */
public final class Report {
    private Report() {
    }

    public static long count(List<Result> results, Result.Status s) {
        return results.stream().filter(r -> r.status() == s).count();
    }

    /** {@code N passed, N failed}, plus {@code , N skipped} when any was skipped. */
    public static String summary(List<Result> results) {
        long skipped = count(results, Result.Status.SKIPPED);
        return count(results, Result.Status.PASSED) + " passed, " + count(results, Result.Status.FAILED) + " failed"
                + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }

    /** JUnit XML (one testsuite, one testcase per case), as CI systems read it. */
    public static String junit(List<Result> results, Duration total) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite name=\"switchboard-probe\" tests=\"").append(results.size())
                .append("\" failures=\"").append(count(results, Result.Status.FAILED))
                .append("\" errors=\"0\" skipped=\"").append(count(results, Result.Status.SKIPPED))
                .append("\" time=\"").append(seconds(total)).append("\">\n");
        for (Result r : results) {
            x.append("  <testcase classname=\"switchboard-probe\" name=\"").append(xml(r.name()))
                    .append("\" time=\"").append(seconds(r.time())).append("\"");
            switch (r.status()) {
                case PASSED -> x.append("/>\n");
                case FAILED -> x.append(">\n    <failure message=\"").append(xml(r.detail())).append("\"/>\n  </testcase>\n");
                case SKIPPED -> x.append(">\n    <skipped message=\"").append(xml(r.detail())).append("\"/>\n  </testcase>\n");
            }
        }
        return x.append("</testsuite>\n").toString();
    }

    public static void writeJunit(Path file, List<Result> results, Duration total) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, junit(results, total), StandardCharsets.UTF_8);
    }

    public static String json(List<Result> results, Duration total) {
        ObjectNode root = Frames.JSON.createObjectNode();
        root.put("passed", count(results, Result.Status.PASSED)).put("failed", count(results, Result.Status.FAILED))
                .put("skipped", count(results, Result.Status.SKIPPED)).put("seconds", total.toMillis() / 1000.0);
        ArrayNode cases = root.putArray("cases");
        for (Result r : results) {
            cases.addObject().put("name", r.name()).put("status", r.status().name().toLowerCase(Locale.ROOT))
                    .put("detail", r.detail()).put("seconds", r.time().toMillis() / 1000.0);
        }
        return root.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static String xml(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
