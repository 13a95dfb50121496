package dev.switchboard.probe;

import dev.switchboard.devkit.DevSecret;
import dev.switchboard.devkit.DevTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs every case against every target, one case at a time (each with its own connections, closed when it ends),
 * then the cross-region case for each ordered pair of targets.
 */
public final class Probe {
    private final ProbeOptions options;
    private final Tokens tokens;

    public Probe(ProbeOptions options, Tokens tokens) {
        this.options = options;
        this.tokens = tokens;
    }

    /** Tokens as the command line finds them (file or environment; never arguments). */
    public static Probe fromEnvironment(ProbeOptions options, Map<String, String> env) {
        boolean local = options.targets().stream().allMatch(Target::loopback);
        if (local && options.tokenFile() == null && options.signingKeyFile() == null
                && isBlank(env.get("SWITCHBOARD_PROBE_TOKENS")) && isBlank(env.get("SWITCHBOARD_PROBE_SIGNING_KEY"))) {
            // ./switchboard local (without --data-dir) checks tokens with the project's dev secret; it never leaves
            // this machine. A local API with --data-dir DIR: pass --signing-key-file DIR/dev-jwt-secret
            String secret = DevSecret.loadOrCreate(Path.of(System.getProperty("switchboard.root", "."))
                    .resolve(DevSecret.DEFAULT_DIR));
            return new Probe(options, Tokens.minted(secret, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE));
        }
        return new Probe(options, Tokens.load(options.tokenFile(), options.signingKeyFile(), env, options.issuer(),
                options.audience()));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Runs the cases, handing each result to {@code progress} as it completes. */
    public List<Result> run(Consumer<Result> progress) throws Exception {
        int planned = plannedHandshakes();
        Pacer check = new Pacer(options.stageRate(), options.stageBurst(), options.wafRatePerIp(), options.share(),
                options.messageRate(), options.messageBurst());
        if (planned > check.handshakeBudget()) {
            throw new IllegalArgumentException("--members " + options.members() + ": the run would make about "
                    + planned + " handshakes, over its share of the web ACL's per-IP rule (" + check.handshakeBudget()
                    + " per 5 minutes). Fix: fewer --members, or --waf-rate-per-ip with the deployed value");
        }
        List<Result> results = new ArrayList<>();
        try (ProbeContext.Run run = new ProbeContext.Run(options, tokens)) {
            boolean many = options.targets().size() > 1;
            for (Target t : options.targets()) {
                for (Case c : Cases.all()) {
                    String name = many ? c.name() + "[" + t.region() + "]" : c.name();
                    if (options.only() == null || name.contains(options.only())) {
                        Result r = runOne(run, t, c, name);
                        results.add(r);
                        progress.accept(r);
                    }
                }
            }
            for (Case c : CrossRegionCases.pairs(options.targets())) {
                if (options.only() == null || c.name().contains(options.only())) {
                    Result r = runOne(run, options.targets().get(0), c, c.name());
                    results.add(r);
                    progress.accept(r);
                }
            }
        }
        return results;
    }

    private Result runOne(ProbeContext.Run run, Target t, Case c, String name) {
        long start = System.nanoTime();
        Result.Status status;
        String detail;
        try (ProbeContext ctx = new ProbeContext(run, t, c.name())) {
            c.body().run(ctx);
            status = Result.Status.PASSED;
            detail = "";
        } catch (Skipped s) {
            status = Result.Status.SKIPPED;
            detail = s.getMessage();
        } catch (ProbeFailure f) {
            status = Result.Status.FAILED;
            detail = f.getMessage();
        } catch (Exception | AssertionError e) {
            status = Result.Status.FAILED;
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new Result(name, status, tokens.redact(detail), Duration.ofNanos(System.nanoTime() - start));
    }

    /** An upper bound of the handshakes of one run, for the WAF budget. */
    int plannedHandshakes() {
        int perTarget = 60 + options.members();
        return perTarget * options.targets().size() + 4 * options.targets().size() * (options.targets().size() - 1);
    }
}
