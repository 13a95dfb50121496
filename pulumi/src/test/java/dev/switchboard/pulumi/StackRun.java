package dev.switchboard.pulumi;

import com.pulumi.Context;
import com.pulumi.Log;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceTransformation;
import com.pulumi.serialization.internal.Serializer;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One run of a Pulumi program under mocks: the types and functions of the pinned providers (Cloudflare, Azure native,
 * Vercel) go to the platform's mocks (by default they answer with their inputs), every other type goes to the AWS
 * program's mocks, which throw on anything unknown. Each resource as declared (type, logical name, explicit
 * dependencies, inputs serialized as the engine gets them, secrets still wrapped, the pinned version) and the stack
 * outputs.
 */
public final class StackRun {
    /** The packages whose tokens go to the platform's mocks. */
    public static final List<String> PINNED_PACKAGES = List.of("cloudflare:", "azure-native:", "vercel:");

    public record Declared(String type, String name, List<String> dependsOn, Object inputs, String version) {
    }

    /** Mocks that answer every resource with its inputs as its outputs; calls are refused. */
    public static final Mocks ECHO = new Mocks() {
        @Override
        public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
            return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"),
                    new HashMap<>(args.inputs)));
        }
    };

    public final List<Declared> declared;
    public final Map<String, Object> outputs;

    private StackRun(List<Declared> declared, Map<String, Object> outputs) {
        this.declared = declared;
        this.outputs = outputs;
    }

    /** Runs {@code program} as stack {@code stack} with {@code config}; the keys in {@code secrets} are secret. */
    public static StackRun of(String stack, Map<String, String> config, Set<String> secrets,
                              Consumer<Context> program) {
        return of(stack, config, secrets, program, ECHO);
    }

    /** As {@link #of(String, Map, Set, Consumer)}, with {@code platform} answering the pinned providers' tokens. */
    public static StackRun of(String stack, Map<String, String> config, Set<String> secrets,
                              Consumer<Context> program, Mocks platform) {
        List<Object[]> captures = new CopyOnWriteArrayList<>();
        ResourceTransformation capture = a -> {
            if (!a.resource().pulumiResourceType().startsWith("pulumi:pulumi:")) { // not the stack itself
                captures.add(new Object[]{a.resource(), a.args(), a.options().getDependsOn(),
                        a.options().getVersion().orElse(null)});
            }
            return Optional.empty();
        };
        Mocks aws = PackageTestSupport.awsMocks();
        Mocks mocks = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                return pinned(args.type) ? platform.newResourceAsync(args) : aws.newResourceAsync(args);
            }

            @Override
            public CompletableFuture<java.util.Map<String, Object>> callAsync(CallArgs args) {
                return pinned(args.token) ? platform.callAsync(args) : aws.callAsync(args);
            }
        };
        try {
            TestResult r = PulumiTestInternal.builder().mocks(mocks)
                    .options(TestOptions.builder().projectName("switchboard").stackName(stack)
                            .resourceTransformations(List.of(capture)).build())
                    .config(config, secrets)
                    .build()
                    .runTest(program::accept)
                    .throwOnError();
            Map<String, Object> outputs = new TreeMap<>();
            r.outputs().forEach((k, v) -> outputs.put(k, PulumiTest.extractValue(v)));
            List<Declared> out = new ArrayList<>();
            for (Object[] c : captures) {
                Resource res = (Resource) c[0];
                List<String> deps = new ArrayList<>();
                @SuppressWarnings("unchecked")
                Output<List<Resource>> d = (Output<List<Resource>>) c[2];
                if (d != null) {
                    List<Resource> rs = Internal.of(d).getValueNullable().join();
                    if (rs != null) {
                        rs.forEach(x -> deps.add(x.pulumiResourceName()));
                    }
                }
                Object inputs = new Serializer(Log.ignore()).serializeAsync("", c[1], false).join();
                out.add(new Declared(res.pulumiResourceType(), res.pulumiResourceName(), deps, inputs, (String) c[3]));
            }
            return new StackRun(out, outputs);
        } finally {
            PulumiTest.cleanup();
        }
    }

    private static boolean pinned(String token) {
        return PINNED_PACKAGES.stream().anyMatch(token::startsWith);
    }

    /**
     * The graph as a snapshot stores it: resources sorted by type and name, each with its explicit dependencies and
     * its inputs normalised ({@link PackageTestSupport#normaliseForSnapshot}: secrets as {@code [secret]}), then the
     * outputs.
     */
    public String snapshot() {
        return snapshot((d, in) -> {
        });
    }

    /** As {@link #snapshot()}, with {@code adjust} rewriting a copy of each resource's inputs first. */
    @SuppressWarnings("unchecked")
    public String snapshot(java.util.function.BiConsumer<Declared, Map<String, Object>> adjust) {
        List<Map<String, Object>> out = new ArrayList<>();
        declared.stream()
                .sorted((a, b) -> a.type().equals(b.type()) ? a.name().compareTo(b.name())
                        : a.type().compareTo(b.type()))
                .forEach(d -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("type", d.type());
                    m.put("name", d.name());
                    if (!d.dependsOn().isEmpty()) {
                        m.put("dependsOn", d.dependsOn().stream().sorted().toList());
                    }
                    Map<String, Object> in = new java.util.LinkedHashMap<>((Map<String, Object>) d.inputs());
                    adjust.accept(d, in);
                    m.put("inputs", PackageTestSupport.normaliseForSnapshot(in));
                    out.add(m);
                });
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        all.put("resources", out);
        all.put("outputs", PackageTestSupport.normaliseForSnapshot(outputs));
        return new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(all) + "\n";
    }

    public List<Declared> ofType(String type) {
        return declared.stream().filter(d -> d.type().equals(type)).toList();
    }
}
