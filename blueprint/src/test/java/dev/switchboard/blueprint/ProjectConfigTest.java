package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A project's switchboard.json: shared routes reach every environment, and each mistake names its field. */
class ProjectConfigTest {
    private static final Map<String, Object> TYPING = Map.of("routeKey", "typing", "handler", "com.example.Typing",
            "tableAccess", "READ_WRITE", "managementApi", true);

    @Test
    void sharedRoutes_reachEveryEnvironment_unlessItHasItsOwn() {
        ProjectConfig c = ProjectConfig.of(Map.of("routes", List.of(TYPING), "environments", Map.of(
                "dev", Map.of(),
                "prod", Map.of("account", "333333333333", "routes", List.of()))));
        assertThat(c.blueprint("dev").route("typing")).isEqualTo(new Route("typing", "typing", false, false));
        assertThat(c.blueprint("dev").function("typing").handler()).isEqualTo("com.example.Typing");
        assertThat(c.blueprint("prod").route("typing")).isNull();
    }

    @Test
    void aBadSharedRoute_isNamedAsTheFileNamesIt() {
        ProjectConfig c = ProjectConfig.of(Map.of("routes", List.of(Map.of("routeKey", "typing", "handler", "x.Y",
                "tableAccess", "SOMETIMES")), "environments", Map.of("dev", Map.of())));
        assertThatThrownBy(() -> c.blueprint("dev"))
                .isInstanceOf(BlueprintException.class)
                .hasMessage("routes[0].tableAccess: 'SOMETIMES' is not a table access. Fix: use NONE, READ or READ_WRITE");
    }

    @Test
    void unknownKeys_andUndefinedEnvironments_areNamedWithTheFix() {
        assertThatThrownBy(() -> ProjectConfig.of(Map.of("route", List.of())))
                .hasMessageStartingWith("route: unknown setting in switchboard.json. Fix: use \"routes\"");
        assertThatThrownBy(() -> ProjectConfig.of(Map.of("routes", List.of())))
                .hasMessageStartingWith("environments: missing or not an object");
        assertThatThrownBy(() -> ProjectConfig.of(Map.of("environments", Map.of("dev", Map.of()))).blueprint("qa"))
                .hasMessage("environments.qa: not defined in switchboard.json. Fix: use one of [dev] or add it");
    }
}
