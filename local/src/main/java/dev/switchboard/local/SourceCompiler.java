package dev.switchboard.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a project's sources in-process with the JDK's compiler ({@code javax.tools}), as Quarkus dev mode does:
 * no build tool is run, so a reload costs one compilation of the project's sources. One file manager serves every
 * compilation (it keeps the class path's jars open and indexed, so that a reload does not read them again). Annotation
 * processing is off and the sources are read as UTF-8.
 */
final class SourceCompiler implements AutoCloseable {
    /** A compilation's outcome: ok, or the compiler's errors as {@code File.java:LINE: message} lines. */
    record Result(boolean ok, String errors) {
    }

    private final JavaCompiler javac;
    private final StandardJavaFileManager files;

    /** @throws IllegalStateException when this JVM has no compiler (a JRE, not a JDK) */
    SourceCompiler() {
        this.javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("live reload needs a JDK: this Java (" + System.getProperty("java.home")
                    + ") has no compiler (javax.tools); run with a JDK 17 or later");
        }
        this.files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    }

    /** Compiles {@code sources} against {@code classpath} into {@code out} (created). */
    synchronized Result compile(List<Path> sources, List<Path> classpath, Path out) {
        if (sources.isEmpty()) {
            return new Result(true, "");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-d", out.toString(), "-proc:none", "-g", "-encoding", "UTF-8",
                "-classpath", classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        boolean ok = javac.getTask(Writer.nullWriter(), files, diagnostics, options, null,
                files.getJavaFileObjectsFromPaths(sources)).call();
        String errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(SourceCompiler::line)
                .collect(Collectors.joining("\n"));
        return new Result(ok, errors);
    }

    @Override
    public void close() {
        try {
            files.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(Diagnostic<? extends JavaFileObject> d) {
        String where = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
        return where + d.getMessage(Locale.ROOT);
    }
}
