package dev.switchboard.bench.coldstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An application class-data-sharing archive of the {@code $connect} function, as a deployment would build it with
 * the jar: one training run of {@link FirstConnect} (with Lambda's flags, {@code ?room=lobby}, so the whole
 * {@code $connect} path is loaded) under {@code -XX:ArchiveClassesAtExit} writes a dynamic archive on top of the JDK's
 * default one; children then run with {@code -XX:SharedArchiveFile} and {@code -Xshare:on} (which makes the JVM fail
 * rather than run without the archive, so a stale archive cannot pass for a measurement). On Lambda these flags would
 * go into {@code JAVA_TOOL_OPTIONS}, with the archive in the deployment package (BENCHMARKS.md section 3 says what
 * Lambda's documentation allows).
 */
final class AppCds {
    private AppCds() {
    }

    /** Builds the archive in {@code setup.dir}; returns the flags that use it. */
    static List<String> train(ColdStartSetup setup) throws Exception {
        Path jsa = setup.dir.resolve("connect.jsa");
        Files.deleteIfExists(jsa);
        Child.run("AppCDS training run", JavaChild.command(JavaChild.flags(JavaChild.LAMBDA_FLAGS,
                List.of("-XX:ArchiveClassesAtExit=" + jsa)), setup.classpath, FirstConnect.class,
                "CDSTRAINING0000=", "lobby"), setup.env);
        for (int i = 0; i < 100 && !Files.isRegularFile(jsa); i++) {
            Thread.sleep(100);
        }
        if (!Files.isRegularFile(jsa)) {
            throw new IllegalStateException("the training run wrote no archive " + jsa);
        }
        return List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:on");
    }
}
