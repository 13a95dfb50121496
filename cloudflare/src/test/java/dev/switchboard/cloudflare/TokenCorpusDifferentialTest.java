package dev.switchboard.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.jsplatforms.Repo;
import dev.switchboard.jsplatforms.WorkerSettings;
import dev.switchboard.lambdas.auth.JwtVerifier;
import dev.switchboard.lambdas.auth.SecretValues;
import dev.switchboard.lambdas.auth.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One token, one meaning: every token of {@code tokens/corpus.json} (see {@link TokenCorpus}) goes through the Lambda
 * authorizer's {@link JwtVerifier} in this JVM and through the Worker's {@code jwt.mjs} under node (built from the
 * settings this module renders from the same blueprint, as the Worker builds it), both with the same secret, JWKS and
 * clock. Both must reach the case's expected decision: the same reason, and for an allowed token the same user id.
 */
class TokenCorpusDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TokenCorpus corpus;
    private static List<String> java;
    private static List<String> worker;

    @BeforeAll
    static void verifyTheCorpusWithBothVerifiers() throws Exception {
        corpus = new TokenCorpus("/tokens/corpus.json");
        Blueprint b = TestBlueprints.devWithMembers();
        Instant now = Instant.ofEpochSecond(corpus.nowSeconds);
        JwtVerifier verifier = new JwtVerifier(SecretValues.fixed(corpus.secret), new ImmutableJWKSet<>(corpus.jwks()),
                corpus.issuer, corpus.audience, Clock.fixed(now, ZoneOffset.UTC), b.limits().maxTokenBytes());
        java = new ArrayList<>();
        for (TokenCorpus.Case c : corpus.cases) {
            Verdict v = verifier.verify(c.token());
            java.add(decision(v.reason().name(), v.subject()));
        }
        ObjectNode settings = WorkerSettings.render(b, corpus.issuer, corpus.audience,
                "http://jwks.invalid/jwks.json", 1, false);
        worker = runWorkerVerifier(settings, now);
    }

    private static List<String> runWorkerVerifier(ObjectNode settings, Instant now) throws Exception {
        Repo repo = Repo.locate();
        ObjectNode input = JSON.createObjectNode();
        input.set("settings", settings);
        input.put("secret", corpus.secret);
        input.put("jwks", corpus.jwksJson());
        input.put("nowMillis", now.toEpochMilli());
        var tokens = input.putArray("tokens");
        corpus.cases.forEach(c -> tokens.add(c.token()));
        Path in = Files.createTempFile("token-corpus-", ".json");
        Path out = Files.createTempFile("token-decisions-", ".json");
        try {
            Files.writeString(in, input.toString(), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("node", "cloudflare/src/test/node/corpus-verify.mjs")
                    .directory(repo.root().toFile())
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("node did not verify the corpus within 60 s");
            }
            assertThat(p.exitValue()).as("node corpus-verify.mjs exit code").isZero();
            List<String> decisions = new ArrayList<>();
            for (JsonNode d : JSON.readTree(out.toFile())) {
                decisions.add(decision(d.get("reason").asText(), d.has("sub") ? d.get("sub").asText() : null));
            }
            return decisions;
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    private static String decision(String reason, String user) {
        return user == null ? reason : reason + " as " + TokenCorpus.json(user);
    }

    @Test
    void corpus_hasAtLeastAHundredDistinctlyNamedTokens() {
        Set<String> names = new HashSet<>();
        corpus.cases.forEach(c -> assertThat(names.add(c.name())).as("duplicate case name %s", c.name()).isTrue());
        assertThat(corpus.cases).hasSizeGreaterThanOrEqualTo(100);
        assertThat(worker).hasSameSizeAs(corpus.cases);
    }

    @Test
    void bothVerifiers_decideEveryTokenAlike() {
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < corpus.cases.size(); i++) {
            if (!java.get(i).equals(worker.get(i))) {
                TokenCorpus.Case c = corpus.cases.get(i);
                disagreements.add(c.name() + ": authorizer " + java.get(i) + ", Worker " + worker.get(i));
            }
        }
        assertThat(disagreements).as("tokens the two verifiers decide differently").isEmpty();
    }

    @Test
    void bothVerifiers_reachTheExpectedDecision() {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < corpus.cases.size(); i++) {
            TokenCorpus.Case c = corpus.cases.get(i);
            String expected = decision(c.expect(), c.user());
            for (var e : Map.of("authorizer", java.get(i), "Worker", worker.get(i)).entrySet()) {
                if (!e.getValue().equals(expected)) {
                    wrong.add(c.name() + " (" + c.why() + "): " + e.getKey() + " " + e.getValue() + ", expected "
                            + expected);
                }
            }
        }
        assertThat(wrong).as("decisions other than the corpus expects").isEmpty();
    }
}
