// Times Switchboard's Pulumi program under mocks, per environment: a single-file Java program, run on the shaded
// program jar by bench/bench.sh synth (java -cp pulumi/target/switchboard-pulumi.jar PulumiMockRun.java ENV...).
// Each environment runs --runs times in this JVM (the first is cold); prints one line per environment.
import com.pulumi.core.Output;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.pulumi.App;
import dev.switchboard.pulumi.SwitchboardSecrets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

public class PulumiMockRun {
    /** Answers every resource with its inputs plus the attributes AWS computes, named after the resource. */
    static final class AnyAws implements Mocks {
        final AtomicInteger resources = new AtomicInteger();

        @Override
        public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
            resources.incrementAndGet();
            Map<String, Object> state = new HashMap<>(args.inputs);
            String id = args.name + "-id";
            String arn = "arn:aws:service:us-east-1:111111111111:" + args.name;
            state.putIfAbsent("arn", arn);
            state.putIfAbsent("name", args.name);
            state.putIfAbsent("invokeArn", "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + arn
                    + "/invocations");
            state.putIfAbsent("executionArn", "arn:aws:execute-api:us-east-1:111111111111:" + id);
            state.putIfAbsent("apiEndpoint", "wss://" + id + ".execute-api.us-east-1.amazonaws.com");
            state.putIfAbsent("domainName", id + ".cloudfront.net");
            state.putIfAbsent("version", "1");
            state.putIfAbsent("streamArn", arn + "/stream/1");
            return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
        }

        @Override
        public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
            throw new IllegalStateException("unmocked call " + args.token);
        }
    }

    public static void main(String[] args) {
        int runs = 3;
        List<String> envs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                envs.add(args[i]);
            }
        }
        for (String env : envs) {
            Blueprint blueprint = Blueprint.reference(Environments.resolve(env, Map.of("account", "111111111111")));
            double[] ms = new double[runs];
            int count = 0;
            for (int r = 0; r < runs; r++) {
                AnyAws mocks = new AnyAws();
                long start = System.nanoTime();
                try {
                    PulumiTest.withMocks(mocks)
                            .withOptions(TestOptions.builder().projectName("switchboard").stackName(env).build())
                            .runTest(ctx -> App.define(ctx, blueprint, new SwitchboardSecrets(
                                    Output.of("timing-jwt-secret-0123456789-0123456789-0123456789"),
                                    Output.of("timing-origin-secret-0123456789-0123456789-012345"))))
                            .throwOnError();
                } finally {
                    PulumiTest.cleanup();
                }
                ms[r] = (System.nanoTime() - start) / 1e6;
                count = mocks.resources.get();
            }
            double[] warm = Arrays.copyOfRange(ms, Math.min(1, runs - 1), runs);
            Arrays.sort(warm);
            System.out.printf(Locale.ROOT, "PULUMI env=%s resources=%d firstMs=%.0f warmMedianMs=%.0f all=%s%n", env,
                    count, ms[0], warm[warm.length / 2], Arrays.toString(ms));
        }
        System.exit(0);
    }
}
