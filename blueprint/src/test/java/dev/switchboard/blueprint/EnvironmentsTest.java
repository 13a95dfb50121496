package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentsTest {

    @Test
    void defaults_devHasOneRegionStagingAndProdThree() {
        Map<String, Environment> d = Environments.defaults();

        assertThat(d.get("dev").regions()).hasSize(1);
        assertThat(d.get("staging").regions()).hasSize(3);
        assertThat(d.get("prod").regions()).hasSize(3);
        assertThat(d.get("prod").deletionProtection()).isTrue();
        assertThat(d.get("dev").deletionProtection()).isFalse();
    }

    @Test
    void resolve_overridesOnlyWhatIsGiven() {
        Environment prod = Environments.resolve("prod", Map.of("account", "333333333333", "alarmEmail",
                "ops@example.com"));

        assertThat(prod.account()).isEqualTo("333333333333");
        assertThat(prod.alarmEmail()).isEqualTo("ops@example.com");
        assertThat(prod.regions()).isEqualTo(Environments.defaults().get("prod").regions());
        assertThat(prod.replicaRegions()).doesNotContain(prod.primaryRegion()).hasSize(2);
    }

    @Test
    void edge_isOnByDefault_andTurnsOffWithTheSetting() {
        assertThat(Environments.defaults().values()).allMatch(Environment::edge);
        assertThat(Environments.resolve("dev", Map.of()).edge()).isTrue();
        assertThat(Environments.resolve("dev", Map.of(Environments.EDGE, false)).edge()).isFalse();
        assertThat(Environments.resolve("dev", Map.of(Environments.EDGE, "false")).edge()).isFalse();
        assertThatThrownBy(() -> Environments.resolve("dev", Map.of(Environments.EDGE, "off")))
                .isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("environments.dev.edge: expected true or false, got 'off'");
    }

    @Test
    void aCustomDomain_withoutTheEdge_isRefused() {
        assertThatThrownBy(() -> Environments.resolve("dev", Map.of(Environments.EDGE, false, "customDomain",
                Map.of("domainName", "chat.example.com", "hostedZoneId", "Z123", "hostedZoneName", "example.com"))))
                .isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("environments.dev.customDomain: a custom domain needs the edge");
    }

    @Test
    void resolve_whenUnknownEnvironment_namesEnvAndTheChoices() {
        assertThatThrownBy(() -> Environments.resolve("qa", Map.of()))
                .isInstanceOf(BlueprintException.class)
                .hasMessageContaining("env: unknown environment 'qa'")
                .hasMessageContaining("[dev, prod, staging]");
    }

    @Test
    void resolve_whenRegionTypo_namesTheIndexedField() {
        assertThatThrownBy(() -> Environments.resolve("prod", Map.of("regions", List.of("us-east-1", "eu-wset-1"))))
                .hasMessageStartingWith("environments.prod.regions[1]: unknown region 'eu-wset-1'");
    }

    @Test
    void resolve_whenDuplicateRegion_isRejected() {
        assertThatThrownBy(() -> Environments.resolve("prod", Map.of("regions", List.of("us-east-1", "us-east-1"))))
                .hasMessageContaining("environments.prod.regions[1]: duplicate 'us-east-1'");
    }

    @Test
    void resolve_whenPrimaryNotAmongRegions_isRejected() {
        assertThatThrownBy(() -> Environments.resolve("dev", Map.of("primaryRegion", "eu-west-1")))
                .hasMessageContaining("environments.dev.primaryRegion: 'eu-west-1' is not among the regions");
    }

    @Test
    void resolve_whenRegionWithoutSnapStart_isRejected() {
        assertThatThrownBy(() -> Environments.resolve("dev", Map.of("regions", List.of("ap-southeast-6"))))
                .hasMessageContaining("has no Lambda SnapStart");
    }

    @Test
    void resolve_whenUnknownSetting_namesIt() {
        assertThatThrownBy(() -> Environments.resolve("dev", Map.of("regoins", List.of("us-east-1"))))
                .hasMessageStartingWith("environments.dev.regoins: unknown setting");
    }

    @Test
    void requireAccount_whenMissing_saysWhereToSetIt() {
        Environment dev = Environments.resolve("dev", Map.of());

        assertThatThrownBy(dev::requireAccount)
                .hasMessageContaining("environments.dev.account")
                .hasMessageContaining("12-digit");
    }

    @Test
    void resolve_whenAccountMalformed_isRejected() {
        assertThatThrownBy(() -> Environments.resolve("dev", Map.of("account", "12345")))
                .hasMessageContaining("environments.dev.account: '12345' is not a 12-digit AWS account id");
    }

    @Test
    void resolve_newEnvironmentFromConfigAlone() {
        Environment qa = Environments.resolve("qa", Map.of("account", "444444444444", "regions", "eu-west-1,eu-central-1"));

        assertThat(qa.regions()).containsExactly("eu-west-1", "eu-central-1");
        assertThat(qa.primaryRegion()).isEqualTo("eu-west-1");
        assertThat(qa.accessLogs()).isEqualTo(AccessLogs.OFF);
    }

    @Test
    void resolve_whenLogRetentionNotAcceptedByCloudWatch_isRejected() {
        assertThatThrownBy(() -> Environments.resolve("dev", Map.of("logRetentionDays", 10)))
                .hasMessageContaining("environments.dev.logRetentionDays: 10 is not a CloudWatch retention");
    }

    @Test
    void originSecretVersion_whenAVersionId_isReturned_andWhenAbsent_isNull() {
        String id = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
        Map<String, Object> pinned = Map.of("account", "111111111111", "originSecretVersion", id);

        assertThat(Environments.resolve("dev", pinned).name()).isEqualTo("dev");
        assertThat(Environments.originSecretVersion("dev", pinned)).isEqualTo(id);
        assertThat(Environments.originSecretVersion("dev", Map.of("account", "111111111111"))).isNull();
    }

    @Test
    void originSecretVersion_whenMalformed_stopsResolveNamingTheFieldAndTheFix_withoutRepeatingTheValue() {
        // a ':' would end the dynamic reference's version-id segment early; a pasted secret must not reach a log
        for (String bad : List.of("v1", "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d:AWSCURRENT",
                "pasted secret value with spaces and more than thirty-two characters")) {
            assertThatThrownBy(() -> Environments.resolve("dev", Map.of("originSecretVersion", bad)))
                    .isInstanceOf(BlueprintException.class)
                    .hasMessageContaining("environments.dev.originSecretVersion: is not a Secrets Manager version id")
                    .hasMessageContaining("Fix: set it to the VersionId that put-secret-value printed")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
        }
    }
}
