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
        assertThatThrownBy(() -> Main.run(new String[]{"token"}, System.out)).hasMessageContaining("--user");
    }
}
