package dev.switchboard.pulumi.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The function's files as a {@code vercel:index/deployment:Deployment} takes them, each keyed by its path from the
 * repository root (where Pulumi runs the program and the provider reads the files) with the value
 * {@code <size>~<sha1 hex>}, the form the provider's file data sources give (pulumiverse/terraform-provider-vercel,
 * data source {@code vercel_file}).
 *
 * <p>The Vercel project's root directory is {@value #ROOT_DIRECTORY}; in it Vercel finds {@value #ENTRY} (a file under
 * {@code api/} is a function, routed by {@value #CONFIG}'s rewrite), installs {@value #PACKAGE}'s dependencies, and
 * reads {@value #CONFIG}. The entry's modules are traced by their relative imports, as Vercel's file tracing follows
 * them: the shared modules of {@code vercel/src/function} and the Worker's under {@code cloudflare/src/worker}, which
 * lie outside the root directory (Vercel's build sees them when the project setting "Include source files outside of
 * the Root Directory in the Build Step" is on; the provider has no input for it: docs/vercel.md).
 *
 * <p>A layout Vercel could not run is refused here, before anything is uploaded: the entry, {@value #PACKAGE} or
 * {@value #CONFIG} missing; no rewrite of every path to the entry; a package a module imports that {@value #PACKAGE} does not list; a dependency that is not
 * an exact version, or not the version the tests run (the repository's {@code package.json}); a {@code maxDuration}
 * in {@value #CONFIG}, which would override the project's (the stack sets it from {@code vercelMaxDuration}).
 */
public final class FunctionFiles {
    /** The Vercel project's root directory, from the repository root. */
    public static final String ROOT_DIRECTORY = "vercel/src";
    public static final String ENTRY = ROOT_DIRECTORY + "/api/switchboard.mjs";
    public static final String PACKAGE = ROOT_DIRECTORY + "/package.json";
    public static final String CONFIG = ROOT_DIRECTORY + "/vercel.json";
    private static final Pattern RELATIVE_IMPORT = Pattern.compile(
            "(?:from|import)\\s*\\(?\\s*[\"'](\\.{1,2}/[^\"']+)[\"']");
    private static final Pattern PACKAGE_IMPORT = Pattern.compile(
            "(?m)^\\s*(?:import|export)\\b[^;]*?\\bfrom\\s*[\"']([^\"'./][^\"']*)[\"']|^\\s*import\\s*[\"']([^\"'./][^\"']*)[\"']");
    private static final Pattern EXACT_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FunctionFiles() {
    }

    /** The files under {@code root}, path to {@code size~sha1}, sorted by path; refuses a layout Vercel can't run. */
    public static Map<String, String> of(Path root) {
        Path base = root.toAbsolutePath().normalize();
        Map<String, String> out = new TreeMap<>();
        Map<String, String> packages = new TreeMap<>(); // package name -> a module that imports it
        Deque<Path> todo = new ArrayDeque<>();
        todo.add(required(base, ENTRY, "the function Vercel routes to"));
        while (!todo.isEmpty()) {
            Path p = todo.pop().normalize();
            if (!p.startsWith(base)) {
                throw new IllegalStateException(p + " is imported by the function but lies outside " + base);
            }
            String key = key(base, p);
            if (out.containsKey(key)) {
                continue;
            }
            byte[] content = read(p, "the function imports " + key + ", which cannot be read");
            out.put(key, content.length + "~" + sha1(content));
            String text = new String(content, StandardCharsets.UTF_8);
            Matcher m = RELATIVE_IMPORT.matcher(text);
            while (m.find()) {
                todo.add(p.getParent().resolve(m.group(1)));
            }
            Matcher pm = PACKAGE_IMPORT.matcher(text);
            while (pm.find()) {
                String spec = pm.group(1) != null ? pm.group(1) : pm.group(2);
                if (!spec.startsWith("node:")) {
                    packages.putIfAbsent(packageName(spec), key);
                }
            }
        }
        Path pkg = required(base, PACKAGE, "the function's dependencies, which Vercel installs");
        checkDependencies(base, pkg, packages);
        Path config = required(base, CONFIG, "the rewrite to the function and Fluid compute");
        checkConfig(config);
        for (Path p : new Path[] {pkg, config}) {
            byte[] content = read(p, key(base, p) + " cannot be read");
            out.put(key(base, p), content.length + "~" + sha1(content));
        }
        return out;
    }

    private static void checkDependencies(Path base, Path pkg, Map<String, String> imports) {
        JsonNode deps = tree(pkg).path("dependencies");
        JsonNode tested = Files.isRegularFile(base.resolve("package.json"))
                ? tree(base.resolve("package.json")) : JSON.createObjectNode();
        imports.forEach((name, importer) -> {
            if (!deps.has(name)) {
                throw new IllegalStateException(PACKAGE + ": " + importer + " imports " + name + ", which dependencies"
                        + " does not list. Fix: add \"" + name + "\" with an exact version to " + PACKAGE);
            }
        });
        deps.fields().forEachRemaining(e -> {
            String v = e.getValue().asText();
            if (!EXACT_VERSION.matcher(v).matches()) {
                throw new IllegalStateException(PACKAGE + ": dependencies." + e.getKey() + " is \"" + v
                        + "\", not an exact version. Fix: pin it (x.y.z), so every deployment installs what was tested");
            }
            for (String section : new String[] {"dependencies", "devDependencies"}) {
                JsonNode t = tested.path(section).path(e.getKey());
                if (t.isTextual() && !t.asText().equals(v)) {
                    throw new IllegalStateException(PACKAGE + ": dependencies." + e.getKey() + " is " + v
                            + " but the tests run " + t.asText() + " (package.json, " + section
                            + "). Fix: make the two versions equal");
                }
            }
        });
    }

    private static void checkConfig(Path config) {
        JsonNode root = tree(config);
        String route = "/" + ENTRY.substring(ROOT_DIRECTORY.length() + 1).replaceFirst("\\.mjs$", "");
        boolean routed = false;
        for (JsonNode r : root.path("rewrites")) {
            routed |= route.equals(r.path("destination").asText()) && "/(.*)".equals(r.path("source").asText());
        }
        if (!routed) {
            throw new IllegalStateException(CONFIG + ": no rewrite of every path to the function. Fix: add"
                    + " {\"source\": \"/(.*)\", \"destination\": \"" + route + "\"} to rewrites (the function answers"
                    + " /STAGE itself)");
        }
        JsonNode functions = root.path("functions");
        functions.fields().forEachRemaining(e -> {
            if (e.getValue().has("maxDuration")) {
                throw new IllegalStateException(CONFIG + ": functions." + e.getKey() + ".maxDuration would override"
                        + " the project's maximum duration, which the stack sets from vercelMaxDuration (and the"
                        + " settings' close before it). Fix: remove it and set vercelMaxDuration");
            }
        });
    }

    /** {@code ws} for {@code ws/lib/x}, {@code @scope/name} for {@code @scope/name/x}. */
    private static String packageName(String spec) {
        String[] parts = spec.split("/", 3);
        return spec.startsWith("@") && parts.length > 1 ? parts[0] + "/" + parts[1] : parts[0];
    }

    private static Path required(Path base, String path, String what) {
        Path p = base.resolve(path);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no " + path + " (" + what + ") under " + base
                    + ": run the program from the repository root");
        }
        return p;
    }

    private static JsonNode tree(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(p + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path p, String message) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(message, e);
        }
    }

    private static String key(Path base, Path p) {
        return base.relativize(p).toString().replace('\\', '/');
    }

    private static String sha1(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
