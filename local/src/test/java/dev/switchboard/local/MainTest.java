package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command line: options, durations, the token command, and the errors a user sees for bad input. */
class MainTest {
    @Test
    void parseLocal_readsEveryOption() {
        LocalConfig c = Main.parseLocal(new String[]{"local", "--port", "9001", "--dynamodb-port", "9002", "--stage",
                "beta", "--jwt-secret", "x".repeat(40), "--data-dir", "/tmp/sb", "--idle-timeout", "90s",
                "--max-duration", "1h"});
        assertThat(c.port()).isEqualTo(9001);
        assertThat(c.dynamoDbPort()).isEqualTo(9002);
        assertThat(c.stage()).isEqualTo("beta");
        assertThat(c.jwtSecret()).hasSize(40);
        assertThat(c.dataDir()).hasToString("/tmp/sb");
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.maxDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(Main.blueprint(c).limits().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void parseLocal_defaults_port8080_stageDev_blueprintTimeouts() {
        LocalConfig c = Main.parseLocal(new String[]{"local"});
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.stage()).isEqualTo("dev");
        assertThat(Main.blueprint(c).limits().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(Main.blueprint(c).limits().maxConnectionDuration()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void badInput_failsWithAMessageNamingTheOption() {
        assertThatThrownBy(() -> Main.parseLocal(new String[]{"local", "--port", "70000"}))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> Main.parseLocal(new String[]{"local", "--port", "eighty"}))
                .hasMessageContaining("--port 'eighty' is not a number");
        assertThatThrownBy(() -> Main.parseLocal(new String[]{"local", "--stage", "a/b"}))
                .hasMessageContaining("--stage");
        assertThatThrownBy(() -> Main.parseLocal(new String[]{"local", "--jwt-secret", "short"}))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> Main.parseLocal(new String[]{"local", "--idle-timeout", "soon"}))
                .hasMessageContaining("--idle-timeout 'soon' is not a duration");
        assertThatThrownBy(() -> Main.parseLocal(new String[]{"local", "--port"}))
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> Main.parseLocal(new String[]{"local", "--verbose"}))
                .hasMessageContaining("unknown option '--verbose'");
        assertThatThrownBy(() -> Main.run(new String[]{"deploy"}, System.out))
                .hasMessageContaining("unknown command 'deploy'");
    }

    @Test
    void parseDuration_acceptsUnitsAndIso() {
        assertThat(LocalConfig.parseDuration("f", "1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LocalConfig.parseDuration("f", "10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(LocalConfig.parseDuration("f", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(LocalConfig.parseDuration("f", "PT30S")).isEqualTo(Duration.ofSeconds(30));
    }

    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path root;
    private static String rootBefore;

    /** The dev secret of runs without --data-dir goes under the project root: a temporary one here. */
    @org.junit.jupiter.api.BeforeAll
    static void temporaryProjectRoot() {
        rootBefore = System.getProperty("switchboard.root");
        System.setProperty("switchboard.root", root.toString());
    }

    @org.junit.jupiter.api.AfterAll
    static void restoreProjectRoot() {
        if (rootBefore == null) {
            System.clearProperty("switchboard.root");
        } else {
            System.setProperty("switchboard.root", rootBefore);
        }
    }

    private static String token(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "token";
        System.arraycopy(args, 0, all, 1, args.length);
        assertThat(Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    /**
     * Issue 27, reproduction 4: the dev secret was public (in DevTokens), so a page on another origin minted tokens for
     * anyone. Now each data directory has its own random one, which local and token (no arguments) share.
     */
    @Test
    void devSecret_isRandomPerDataDirectory_persisted_andSharedByLocalAndToken(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path a, @org.junit.jupiter.api.io.TempDir java.nio.file.Path b)
            throws Exception {
        String secretA = Main.parseLocal(new String[]{"local", "--data-dir", a.toString()}).jwtSecret();
        String secretB = Main.parseLocal(new String[]{"local", "--data-dir", b.toString()}).jwtSecret();
        String inMemory = Main.parseLocal(new String[]{"local"}).jwtSecret();

        assertThat(secretA).isNotEqualTo(secretB).isNotEqualTo(inMemory).isNotEqualTo(dev.switchboard.devkit.DevTokens.DEV_SECRET);
        assertThat(secretA.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(32);
        assertThat(Main.parseLocal(new String[]{"local", "--data-dir", a.toString()}).jwtSecret()).isEqualTo(secretA);
        assertThat(java.nio.file.Files.getPosixFilePermissions(a.resolve("dev-jwt-secret")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        SignedJWT noArguments = SignedJWT.parse(token());
        assertThat(noArguments.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(noArguments.verify(new com.nimbusds.jose.crypto.MACVerifier(inMemory))).isTrue();
        SignedJWT ofA = SignedJWT.parse(token("--data-dir", a.toString(), "--user", "bob"));
        assertThat(ofA.verify(new com.nimbusds.jose.crypto.MACVerifier(secretA))).isTrue();
        assertThat(ofA.verify(new com.nimbusds.jose.crypto.MACVerifier(dev.switchboard.devkit.DevTokens.DEV_SECRET))).isFalse();
    }

    @Test
    void token_printsAJwtForTheUser_withTheRequestedLifetime() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"token", "--user", "alice", "--ttl", "5m"},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        SignedJWT jwt = SignedJWT.parse(out.toString(StandardCharsets.UTF_8).trim());
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("switchboard-local");
        long life = jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime();
        assertThat(life).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThatThrownBy(() -> Main.run(new String[]{"token", "--user", " "}, System.out)).hasMessageContaining("--user");
    }
}
