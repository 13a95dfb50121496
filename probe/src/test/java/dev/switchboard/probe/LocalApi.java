package dev.switchboard.probe;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.local.LocalConfig;
import dev.switchboard.local.LocalGateway;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The local API, started in-process as local's own tests do, and the probe pointed at it. */
final class LocalApi {
    private LocalApi() {
    }

    static Blueprint reference() {
        return Blueprint.reference(Environments.resolve("dev", Map.of()));
    }

    static LocalGateway start(Blueprint b) {
        return LocalGateway.start(b, LocalConfig.defaults().withInvocationThreads(32));
    }

    static Target target(LocalGateway g) {
        return new Target("us-east-1", g.websocketUrl(), g.callbackUrl());
    }

    /** Two probe users, minted with the local API's dev secret. */
    static Tokens tokens() {
        return Tokens.minted(DevTokens.DEV_SECRET, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE);
    }

    static ProbeOptions options(List<Target> targets) {
        List<String> args = new ArrayList<>(List.of("--url", "ws://127.0.0.1:1/dev"));
        return ProbeOptions.parse(args.toArray(String[]::new)).withTargets(targets);
    }

    static List<Result> run(ProbeOptions options) throws Exception {
        return new Probe(options, tokens()).run(r -> System.out.println(r.line()));
    }
}
