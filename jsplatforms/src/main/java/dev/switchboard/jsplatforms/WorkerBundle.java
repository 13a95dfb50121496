package dev.switchboard.jsplatforms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Worker as one ES module: what a deployment uploads (the provider's {@code content} with {@code mainModule}) and
 * what workerd runs locally and in the tests, so the tested code is the deployed code.
 *
 * <p>The Worker's modules are written to be joined: each module's relative imports name only what another module
 * exports, no name is declared at the top level of two modules, and the main module re-exports the Durable Object
 * classes. Joining drops the relative imports and re-exports (each re-exported name is exported where it is declared,
 * now the same module) and the {@code export} of every other module's declarations except those the main module
 * re-exports (the runtime takes each export of the main module for an entrypoint), keeps each other import once (such as {@code cloudflare:workers}), and orders the modules so that each comes after
 * those it imports. A module graph that breaks these rules (a cycle, a name declared twice, an import of something
 * not exported) fails with the module and the name.
 */
public final class WorkerBundle {
    private static final Pattern IMPORT = Pattern.compile(
            "^import\\s*(\\{[^}]*\\}|[\\w$]+)\\s*from\\s*\"([^\"]+)\";[ \\t]*\\n?", Pattern.MULTILINE);
    private static final Pattern REEXPORT = Pattern.compile(
            "^export\\s*\\{([^}]*)\\}\\s*from\\s*\"(\\./[^\"]+)\";", Pattern.MULTILINE);
    private static final Pattern DECLARATION = Pattern.compile(
            "^(?:export\\s+)?(?:async\\s+)?(?:const|let|var|function\\*?|class)\\s+([\\w$]+)", Pattern.MULTILINE);
    private static final Pattern EXPORTED_DECLARATION = Pattern.compile(
            "^export\\s+((?:async\\s+)?(?:const|let|var|function\\*?|class)\\s+([\\w$]+))", Pattern.MULTILINE);

    private WorkerBundle() {
    }

    /** Joins the modules of {@code workerDir} (main module {@value WorkerdConfig#MAIN_MODULE}) into one. */
    public static String of(Path workerDir) {
        Map<String, String> sources = new HashMap<>();
        for (Path m : WorkerdConfig.modules(workerDir)) {
            try {
                sources.put(m.getFileName().toString(), Files.readString(m));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> order = new ArrayList<>();
        visit(WorkerdConfig.MAIN_MODULE, sources, new LinkedHashSet<>(), order);
        // the runtime takes every export of the main module for an entrypoint: only what the main module
        // re-exports (the Durable Object classes) stays exported
        Set<String> entrypoints = new LinkedHashSet<>();
        Matcher re = REEXPORT.matcher(sources.get(WorkerdConfig.MAIN_MODULE));
        while (re.find()) {
            for (String n : re.group(1).split(",")) {
                entrypoints.add(n.strip());
            }
        }
        Set<String> external = new LinkedHashSet<>();
        Map<String, String> declaredIn = new HashMap<>();
        StringBuilder body = new StringBuilder();
        for (String name : order) {
            String src = sources.get(name);
            Matcher d = DECLARATION.matcher(src);
            while (d.find()) {
                String prev = declaredIn.putIfAbsent(d.group(1), name);
                if (prev != null) {
                    throw new IllegalStateException("the Worker's modules cannot be joined: '" + d.group(1)
                            + "' is declared in both " + prev + " and " + name + "; rename one");
                }
            }
            Matcher i = IMPORT.matcher(src);
            StringBuilder kept = new StringBuilder();
            while (i.find()) {
                if (!i.group(2).startsWith("./")) {
                    external.add(i.group().strip());
                }
                i.appendReplacement(kept, "");
            }
            i.appendTail(kept);
            // the re-exported names are exported where they are declared, which is now the same module
            String text = REEXPORT.matcher(kept).replaceAll("");
            if (!name.equals(WorkerdConfig.MAIN_MODULE)) {
                text = EXPORTED_DECLARATION.matcher(text).replaceAll(r -> Matcher.quoteReplacement(
                        entrypoints.contains(r.group(2)) ? r.group() : r.group(1)));
            }
            body.append("// ---- ").append(name).append('\n').append(text.strip()).append("\n\n");
        }
        StringBuilder out = new StringBuilder("// The Switchboard Worker, joined from cloudflare/src/worker by"
                + " dev.switchboard.jsplatforms.WorkerBundle; do not edit.\n");
        external.forEach(e -> out.append(e).append('\n'));
        return out.append('\n').append(body).toString();
    }

    private static void visit(String name, Map<String, String> sources, Set<String> path, List<String> order) {
        if (order.contains(name)) {
            return;
        }
        String src = sources.get(name);
        if (src == null) {
            throw new IllegalStateException("the Worker imports ./" + name + ", which is not in cloudflare/src/worker");
        }
        if (!path.add(name)) {
            throw new IllegalStateException("the Worker's modules import each other in a cycle: " + path);
        }
        for (Pattern p : List.of(IMPORT, REEXPORT)) {
            Matcher m = p.matcher(src);
            while (m.find()) {
                if (m.group(2).startsWith("./")) {
                    visit(m.group(2).substring(2), sources, path, order);
                }
            }
        }
        path.remove(name);
        order.add(name);
    }
}
