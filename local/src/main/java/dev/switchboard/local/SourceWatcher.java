package dev.switchboard.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Watches a project's source and resource folders by their files' paths, sizes and modification times (as Quarkus
 * dev mode's {@code RuntimeUpdatesProcessor} does), so that a check costs a directory walk and no file reads.
 * {@link #changed} is true once after any file is added, removed or saved.
 */
final class SourceWatcher {
    private final List<Path> roots;
    private Map<Path, String> last;

    SourceWatcher(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Whether anything changed since the previous call (the first call: true). */
    synchronized boolean changed() {
        Map<Path, String> now = scan();
        boolean changed = !now.equals(last);
        last = now;
        return changed;
    }

    /** The {@code .java} files under the source roots, in a stable order. */
    static List<Path> javaFiles(List<Path> roots) {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private Map<Path, String> scan() {
        Map<Path, String> files = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.forEach(p -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (a.isRegularFile()) {
                            files.put(p, a.size() + "@" + a.lastModifiedTime().toMillis() + "." + a.lastModifiedTime());
                        }
                    } catch (NoSuchFileException e) {
                        // removed while walking (an editor's swap file): the next scan sees the final state
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // an editor replacing a file mid-walk: report a change, the next scan settles it
                return Map.of(Path.of("?"), String.valueOf(System.nanoTime()));
            }
        }
        return files;
    }
}
