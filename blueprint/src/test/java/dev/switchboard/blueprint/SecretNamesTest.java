package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secret names never end in a hyphen and six characters: Secrets Manager then takes a partial ARN for a complete one
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html, "Name": "do not end your
 * secret name with a hyphen followed by six characters").
 */
class SecretNamesTest {
    @Test
    void namesThatLookLikeAnArnSuffix_areRejected_withTheFieldAndAFix() {
        for (String bad : List.of("switchboard/prod/origin-verify", "x/y/origin-header", "x/y/jwt-secret", "a-AbCdEf",
                "a/b-c-d-e-", "abc-123456")) {
            assertThatThrownBy(() -> SecretNames.require("secrets.test", bad)).as(bad)
                    .isInstanceOf(BlueprintException.class)
                    .hasMessageStartingWith("secrets.test: the secret name '" + bad + "' ends in a hyphen and six")
                    .hasMessageContaining("Fix: ");
        }
        for (String ok : List.of("switchboard/prod/jwt-signing", "switchboard/prod/origin-header-value", "a-12345",
                "a-1234567", "originheader", "a/-verify/b")) {
            assertThat(SecretNames.require("secrets.test", ok)).isEqualTo(ok);
        }
    }

    @Test
    void everyEnvironmentAndSystemName_givesNamesThatPass() {
        // the variable parts (system and environment name) come before a fixed tail, so no user choice can produce a
        // name that ends like an ARN suffix; checked over names that do end in -xxxxxx themselves
        for (String env : List.of("dev", "prod", "staging", "qa-aaaaaa", "x-verify")) {
            Blueprint b = Blueprint.reference(Environments.resolve(env, Map.of("account", "123456789012", "regions",
                    List.of("us-east-1"))));
            for (Blueprint bp : List.of(b, new Blueprint("chat-header", b.functions(), b.routes(), b.authorizer(),
                    b.dataModel(), b.limits(), b.alarms(), b.environment()))) {
                assertThat(SecretNames.looksLikeArnSuffix(SecretNames.jwtSigning(bp))).isFalse();
                assertThat(SecretNames.looksLikeArnSuffix(SecretNames.originHeader(bp))).isFalse();
            }
        }
    }
}
