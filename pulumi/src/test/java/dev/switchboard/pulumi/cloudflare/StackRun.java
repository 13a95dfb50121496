package dev.switchboard.pulumi.cloudflare;

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
import dev.switchboard.pulumi.PackageTestSupport;

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
 * One run of a Pulumi program under mocks: Cloudflare types answer with their inputs (the provider computes nothing
 * the program reads), every other type goes to the AWS program's mocks. Each resource as
 * declared (type, logical name, explicit dependencies, inputs serialized as the engine gets them, secrets still
 * wrapped) and the stack outputs.
 */
final class StackRun {
    record Declared(String type, String name, List<String> dependsOn, Object inputs) {
    }

    final List<Declared> declared;
    final Map<String, Object> outputs;

    private StackRun(List<Declared> declared, Map<String, Object> outputs) {
        this.declared = declared;
        this.outputs = outputs;
    }

    /** Runs {@code program} as stack {@code stack} with {@code config}; the keys in {@code secrets} are secret. */
    static StackRun of(String stack, Map<String, String> config, Set<String> secrets, Consumer<Context> program) {
        List<Object[]> captures = new CopyOnWriteArrayList<>();
        ResourceTransformation capture = a -> {
            if (!a.resource().pulumiResourceType().startsWith("pulumi:pulumi:")) { // not the stack itself
                captures.add(new Object[]{a.resource(), a.args(), a.options().getDependsOn()});
            }
            return Optional.empty();
        };
        Mocks aws = PackageTestSupport.awsMocks();
        Mocks mocks = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                if (!args.type.startsWith("cloudflare:")) {
                    return aws.newResourceAsync(args);
                }
                return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"),
                        new HashMap<>(args.inputs)));
            }

            @Override
            public CompletableFuture<java.util.Map<String, Object>> callAsync(CallArgs args) {
                return aws.callAsync(args);
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
                out.add(new Declared(res.pulumiResourceType(), res.pulumiResourceName(), deps, inputs));
            }
            return new StackRun(out, outputs);
        } finally {
            PulumiTest.cleanup();
        }
    }

    List<Declared> ofType(String type) {
        return declared.stream().filter(d -> d.type().equals(type)).toList();
    }
}
