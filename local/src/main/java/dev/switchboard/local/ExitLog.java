package dev.switchboard.local;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * Makes every exit of {@code ./switchboard local} leave its cause on stderr: an uncaught-exception handler for every
 * thread (it logs the stack trace and keeps the last one), the exit code and why on every exit the gateway itself
 * makes, and a shutdown hook that names the last uncaught exception when the JVM goes down after one. What no Java
 * code can report (a SIGKILL, such as the kernel's out-of-memory killer, or a crash of the JVM itself) is covered by
 * the launcher's {@code -XX:ErrorFile}/{@code -XX:+HeapDumpOnOutOfMemoryError} options and the kernel log; see
 * local/README.md, "When the gateway exits".
 */
final class ExitLog {
    private static volatile Throwable lastUncaught;
    private static volatile String lastUncaughtThread;
    private static volatile boolean installed;

    private ExitLog() {
    }

    /** Installs the default uncaught-exception handler and the shutdown hook (once). */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            lastUncaught = e;
            lastUncaughtThread = t.getName();
            System.err.println(Instant.now() + " switchboard-local: uncaught exception in thread " + t.getName() + ": "
                    + stackTrace(e));
            System.err.flush();
            if (previous != null) {
                previous.uncaughtException(t, e);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Throwable e = lastUncaught;
            if (e != null) {
                System.err.println(Instant.now() + " switchboard-local: JVM shutting down; the last uncaught exception"
                        + " was in thread " + lastUncaughtThread + ": " + e);
                System.err.flush();
            }
        }, "switchboard-exit-log"));
    }

    /** The last uncaught exception of any thread, or null. */
    static Throwable lastUncaught() {
        return lastUncaught;
    }

    /** Logs {@code exit code N (why)} and exits with {@code code}. */
    static void exit(int code, String why) {
        System.err.println(Instant.now() + " switchboard-local: exiting, exit code " + code + " (" + why + ")");
        System.err.flush();
        System.exit(code);
    }

    private static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
