package dev.switchboard.pulumi;

import com.google.gson.Gson;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * AWS's CloudFormation resource schemas as the installed cfn-lint ships them (https://github.com/aws-cloudformation/cfn-lint,
 * {@code cfnlint/data/schemas}), read through cfn-lint's own schema manager so that its patches are applied and the
 * files' layout (which changes between cfn-lint versions) does not matter. One python3 process answers every
 * (region, type) the caller asks for. The build is checked with {@link #VERSION}; without python3 or cfn-lint the
 * loader fails with the command that installs it.
 */
final class CfnSchemas {
    /** The cfn-lint the build is checked with (README prerequisites; the cdk module's CfnLintTest uses the same). */
    static final String VERSION = "1.51.0";
    private static final String DUMP = String.join("\n",
            "import json, sys",
            "import cfnlint.version",
            "from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as m",
            "out = {'version': cfnlint.version.__version__, 'schemas': {}}",
            "for key in sys.argv[1:]:",
            "    region, t = key.split('|')",
            "    try:",
            "        out['schemas'][key] = m.get_resource_schema(region, t).schema",
            "    except Exception as e:",
            "        out['schemas'][key] = None",
            "print(json.dumps(out))");

    /** What cfn-lint answered: its version and one schema per {@code region|type} (null for an unknown type). */
    record Loaded(String version, Map<String, Map<String, Object>> schemas) {
        Map<String, Object> schema(String region, String cfnType) {
            return schemas.get(key(region, cfnType));
        }
    }

    private CfnSchemas() {
    }

    static String key(String region, String cfnType) {
        return region + "|" + cfnType;
    }

    /** The schemas of {@code keys} ({@link #key}), from the first python that can import cfn-lint. */
    @SuppressWarnings("unchecked")
    static Loaded load(Collection<String> keys) {
        List<String> tried = new ArrayList<>();
        for (String python : interpreters()) {
            List<String> cmd = new ArrayList<>(List.of(python, "-c", DUMP));
            cmd.addAll(keys);
            try {
                Path errors = Files.createTempFile("cfn-schemas", ".err");
                Process p = new ProcessBuilder(cmd).redirectError(errors.toFile()).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    tried.add(python + ": timed out");
                    continue;
                }
                if (p.exitValue() == 0) {
                    Files.deleteIfExists(errors);
                    Map<String, Object> json = new Gson().fromJson(out, Map.class);
                    return new Loaded((String) json.get("version"), (Map<String, Map<String, Object>>) json.get("schemas"));
                }
                String msg = Files.readString(errors, StandardCharsets.UTF_8).strip();
                Files.deleteIfExists(errors);
                tried.add(python + ": " + msg.substring(msg.lastIndexOf('\n') + 1));
            } catch (IOException e) {
                tried.add(python + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("AWS's CloudFormation schemas come from cfn-lint, which no python3 here can import ("
                + (tried.isEmpty() ? "no python3 on the PATH" : String.join("; ", tried))
                + "). Install it with Python 3: pip install cfn-lint==" + VERSION + " (README prerequisites)");
    }

    /**
     * The interpreter of the {@code cfn-lint} script on the PATH (pip and pipx write it into the script's first line),
     * then {@code python3} on the PATH.
     */
    private static List<String> interpreters() {
        List<String> found = new ArrayList<>();
        Path lint = onPath("cfn-lint");
        if (lint != null) {
            try (var lines = Files.lines(lint, StandardCharsets.ISO_8859_1)) {
                String first = lines.findFirst().orElse("");
                if (first.startsWith("#!") && first.contains("python") && !first.contains(" ")) {
                    found.add(first.substring(2).strip());
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // not a readable script: fall back to python3
            }
        }
        Path python = onPath("python3");
        if (python != null) {
            found.add(python.toString());
        }
        return found;
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
