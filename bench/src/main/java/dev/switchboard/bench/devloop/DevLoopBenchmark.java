package dev.switchboard.bench.devloop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The dev loop's two figures (issue 26, BENCHMARKS.md), on a project generated from switchboard-archetype whose
 * {@code mvn -o -B verify} has run (README, "Build your own app"):
 * <ol>
 *   <li>warm start: from starting {@code mvn -o switchboard:dev} to its ready banner, after one unmeasured start;</li>
 *   <li>edit to live: with two clients connected throughout, from saving an edit of the typing handler to the other
 *   member receiving the frame the new code sends (the save is followed at once by the message, so the time includes
 *   the compile on that request).</li>
 * </ol>
 * Prints each run and the median. Usage: {@code bench/bench.sh devloop PROJECT_DIR [runs, default 5]}.
 */
public final class DevLoopBenchmark {
    private static final Duration START = Duration.ofMinutes(5);

    private DevLoopBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: bench/bench.sh devloop PROJECT_DIR [runs]  (a generated project, verified once)");
            System.exit(2);
        }
        Path project = Path.of(args[0]).toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String repo = System.getProperty("maven.repo.local");

        try (DevServer unmeasured = DevServer.start(project, repo, START)) {
            System.out.println("devloop: first start done (unmeasured) " + unmeasured.websocket());
        }
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            DevServer s = DevServer.start(project, repo, START);
            starts.add((System.nanoTime() - t0) / 1_000_000);
            s.close();
        }
        System.out.println("devloop: warm start to banner, ms: " + starts + ", median " + median(starts));

        Path source;
        try (var files = Files.walk(project.resolve("handlers/src/main/java"))) {
            source = files.filter(p -> p.getFileName().toString().equals("TypingHandler.java")).findFirst().orElseThrow();
        }
        String original = Files.readString(source);
        List<Long> edits = new ArrayList<>();
        try (DevServer s = DevServer.start(project, repo, START)) {
            DevClient ann = DevClient.connect(s.websocket(), "ann", "bench");
            DevClient ben = DevClient.connect(s.websocket(), "ben", "bench");
            ann.send("{\"action\":\"typing\",\"room\":\"bench\"}");
            ben.next();
            for (int i = 1; i <= runs; i++) {
                Files.writeString(source, original.replace(".put(\"type\", \"typing\")",
                        ".put(\"type\", \"typing\").put(\"run\", " + i + ")"));
                long t0 = System.nanoTime();
                ann.send("{\"action\":\"typing\",\"room\":\"bench\"}");
                String frame = ben.next();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (!frame.contains("\"run\":" + i + ",")) {
                    throw new IllegalStateException("run " + i + ": the new code did not answer: " + frame);
                }
                edits.add(ms);
            }
            if (!ann.isOpen() || !ben.isOpen()) {
                throw new IllegalStateException("a client was disconnected during the edits");
            }
        } finally {
            Files.writeString(source, original);
        }
        System.out.println("devloop: edit to live (same connections), ms: " + edits + ", median " + median(edits));
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
