package dev.switchboard.pulumi;

import com.pulumi.Log;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceTransformation;
import com.pulumi.serialization.internal.Serializer;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * One run of a Pulumi program under {@link AwsMocks}: what was registered, each resource's inputs as the engine
 * would receive them (secrets still wrapped), each resource's explicit dependencies, and the stack outputs.
 */
final class ProgramRun {
    /** Stand-ins for the secret config values; they must never appear outside a secret. */
    static final String JWT_SECRET = "test-jwt-secret-value-0123456789";
    static final String ORIGIN_SECRET = "test-origin-secret-value-9876543210";
    static final String ACCOUNT = "111111111111";
    /** The stack name of every test run. */
    static final String STACK = "test";
    /** The jar runs of {@link App#stack} name in {@code switchboard:handlerJar} unless their config sets one. */
    static final Path HANDLER_JAR = jar("test-handlers.jar");

    /** A resource as the program declared it. */
    record Declared(String type, String name, String provider, Object serializedInputs, List<String> dependsOn,
                    String importId, List<String> ignoreChanges) {
    }

    final AwsMocks mocks;
    final List<AwsMocks.Registered> resources;
    final List<Declared> declared;
    final Map<String, Object> outputs;
    final Object program;

    private ProgramRun(AwsMocks mocks, List<Declared> declared, Map<String, Object> outputs, Object program) {
        this.mocks = mocks;
        this.resources = mocks.registered().stream()
                .sorted(Comparator.comparing(AwsMocks.Registered::type).thenComparing(AwsMocks.Registered::name))
                .toList();
        this.declared = declared;
        this.outputs = outputs;
        this.program = program;
    }

    /** The reference blueprint of a default environment, with the placeholder account and {@code overrides}. */
    static Blueprint blueprint(String env, Map<String, Object> overrides) {
        Map<String, Object> config = new java.util.HashMap<>(overrides);
        config.put("account", ACCOUNT);
        return Blueprint.reference(Environments.resolve(env, config));
    }

    static ProgramRun of(Blueprint blueprint) {
        return run((ctx, secrets) -> App.define(ctx, blueprint, secrets));
    }

    private static final Map<Blueprint, ProgramRun> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@link #of}, rendered once per JVM for equal blueprints (a prod render takes seconds; the graph is read-only). */
    static ProgramRun shared(Blueprint blueprint) {
        ProgramRun r = SHARED.get(blueprint);
        if (r == null) {
            r = of(blueprint);
            SHARED.put(blueprint, r);
        }
        return r;
    }

    /** Runs {@code program} with the test secrets; fails on any program error. */
    static ProgramRun run(BiFunction<com.pulumi.Context, SwitchboardSecrets, Object> program) {
        return run(Map.of(), program);
    }

    /**
     * Runs {@code program} with stack {@code config} (keys such as {@code switchboard:account}) plus the two secrets as
     * secret config ({@code switchboard:jwtSecret}, {@code switchboard:originSecret}: the test values unless
     * {@code config} sets them, or maps them to null: not set); those and a staged {@code jwtSecretNext} /
     * {@code originSecretNext} are secret config.
     */
    static ProgramRun run(Map<String, String> config, BiFunction<com.pulumi.Context, SwitchboardSecrets, Object> program) {
        AwsMocks mocks = new AwsMocks();
        List<Capture> captures = new CopyOnWriteArrayList<>();
        ResourceTransformation capture = args -> {
            captures.add(new Capture(args.resource(), args.args(), args.options().getDependsOn(),
                    args.options().getProvider().map(Resource::pulumiResourceName).orElse(null),
                    args.options() instanceof com.pulumi.resources.CustomResourceOptions c
                            ? c.getImportId().orElse(null) : null,
                    args.options().getIgnoreChanges()));
            return Optional.empty();
        };
        Object[] result = new Object[1];
        try {
            Map<String, String> all = new java.util.HashMap<>(config);
            all.putIfAbsent("switchboard:" + StackConfig.JWT_SECRET, JWT_SECRET);
            all.putIfAbsent("switchboard:" + StackConfig.ORIGIN_SECRET, ORIGIN_SECRET);
            all.putIfAbsent("switchboard:" + StackConfig.HANDLER_JAR, HANDLER_JAR.toString());
            for (String k : List.of(StackConfig.JWT_SECRET, StackConfig.ORIGIN_SECRET, StackConfig.HANDLER_JAR)) {
                if (config.containsKey("switchboard:" + k) && config.get("switchboard:" + k) == null) {
                    all.remove("switchboard:" + k);
                }
            }
            java.util.Set<String> secretKeys = new java.util.HashSet<>();
            for (String k : List.of(StackConfig.JWT_SECRET, StackConfig.ORIGIN_SECRET, StackConfig.JWT_SECRET_NEXT,
                    StackConfig.ORIGIN_SECRET_NEXT)) {
                if (all.containsKey("switchboard:" + k)) {
                    secretKeys.add("switchboard:" + k);
                }
            }
            TestResult r = PulumiTestInternal.builder().mocks(mocks)
                    .options(TestOptions.builder().projectName("switchboard").stackName(STACK)
                            .resourceTransformations(List.of(capture)).build())
                    .config(all, secretKeys)
                    .build()
                    .runTest(ctx -> result[0] = program.apply(ctx, new SwitchboardSecrets(
                            Output.of(JWT_SECRET), Output.of(ORIGIN_SECRET))))
                    .throwOnError();
            Map<String, Object> outputs = new java.util.TreeMap<>();
            r.outputs().forEach((k, v) -> outputs.put(k, PulumiTest.extractValue(v)));
            List<Declared> declared = new ArrayList<>();
            for (Capture c : captures) {
                Object serialized = new Serializer(Log.ignore()).serializeAsync("", c.args(), false).join();
                List<String> deps = new ArrayList<>();
                if (c.dependsOn() != null) {
                    List<Resource> rs = Internal.of(c.dependsOn()).getValueNullable().join();
                    if (rs != null) {
                        rs.forEach(d -> deps.add(d.pulumiResourceName()));
                    }
                }
                declared.add(new Declared(c.resource().pulumiResourceType(), c.resource().pulumiResourceName(),
                        c.provider(), serialized, deps, c.importId(), c.ignoreChanges()));
            }
            return new ProgramRun(mocks, declared, outputs, result[0]);
        } finally {
            PulumiTest.cleanup();
        }
    }

    /** An empty jar (a manifest only) in target/, made once: the mocks upload nothing, the program checks the file. */
    static Path jar(String name) {
        Path jar = Path.of("target", name).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            try {
                Files.createDirectories(jar.getParent());
                new JarOutputStream(Files.newOutputStream(jar), new Manifest()).close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jar;
    }

    private record Capture(Resource resource, Object args, Output<List<Resource>> dependsOn, String provider,
                           String importId, List<String> ignoreChanges) {
    }

    List<AwsMocks.Registered> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    List<AwsMocks.Registered> ofType(String type, Predicate<AwsMocks.Registered> filter) {
        return ofType(type).stream().filter(filter).toList();
    }

    AwsMocks.Registered named(String type, String name) {
        return ofType(type).stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " named " + name + "; have "
                        + ofType(type).stream().map(AwsMocks.Registered::name).toList()));
    }

    String regionOf(AwsMocks.Registered r) {
        return mocks.regionOf(r.provider());
    }

    Declared declared(String name) {
        return declared.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no resource named " + name));
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object root, Object... path) {
        Object cur = root;
        for (Object p : path) {
            if (cur == null) {
                return null;
            }
            cur = p instanceof Integer i ? ((List<Object>) cur).get(i) : ((Map<String, Object>) cur).get(p);
        }
        return (T) cur;
    }
}
