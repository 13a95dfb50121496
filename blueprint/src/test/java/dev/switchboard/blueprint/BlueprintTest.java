package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlueprintTest {
    private final Environment dev = Environments.resolve("dev", Map.of("account", "111111111111"));

    @Test
    void reference_routesEveryProtocolActionToItsOwnRouteKey() {
        Blueprint b = Blueprint.reference(dev);

        assertThat(b.routes()).extracting(Route::routeKey)
                .containsExactlyInAnyOrder("$connect", "$disconnect", "$default", "join", "members", "leave", "send",
                        "whisper", "ping");
        assertThat(b.routes()).filteredOn(Route::authorized).extracting(Route::routeKey).containsExactly("$connect");
        assertThat(b.routes()).filteredOn(r -> !r.predefined() && !r.twoWay()).extracting(Route::routeKey)
                .containsExactlyInAnyOrder("send", "whisper");
    }

    @Test
    void reference_everyRouteFunctionExistsAndTimeoutsFitTheIntegrationTimeout() {
        Blueprint b = Blueprint.reference(dev);

        for (Route r : b.routes()) {
            assertThat(b.function(r.function()).timeoutSeconds()).isLessThanOrEqualTo(29);
        }
        assertThat(b.authorizerFunction().jwtSecret()).isTrue();
        assertThat(b.functions()).filteredOn(FunctionSpec::jwtSecret).extracting(FunctionSpec::name)
                .containsExactly("authorizer");
    }

    @Test
    void route_whenAuthorizerOffConnect_namesFieldAndFix() {
        assertThatThrownBy(() -> new Route("send", "send", true, true))
                .isInstanceOf(BlueprintException.class)
                .hasMessageContaining("routes.send.authorized")
                .hasMessageContaining("Fix:");
    }

    @Test
    void blueprint_whenRouteListEmpty_isRejected() {
        Blueprint b = Blueprint.reference(dev);

        assertThatThrownBy(() -> new Blueprint(b.name(), b.functions(), List.of(), b.authorizer(), b.dataModel(),
                b.limits(), b.alarms(), b.environment()))
                .isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("routes: the route list is empty");
    }

    @Test
    void blueprint_whenRouteNamesUnknownFunction_isRejected() {
        Blueprint b = Blueprint.reference(dev);
        List<Route> routes = new ArrayList<>(b.routes());
        routes.add(new Route("typing", "typing", false, false));

        assertThatThrownBy(() -> new Blueprint(b.name(), b.functions(), routes, b.authorizer(), b.dataModel(),
                b.limits(), b.alarms(), b.environment()))
                .hasMessageContaining("routes.typing.function: no function 'typing'");
    }

    @Test
    void blueprint_whenDuplicateRouteKey_isRejected() {
        Blueprint b = Blueprint.reference(dev);
        List<Route> routes = new ArrayList<>(b.routes());
        routes.add(new Route("send", "send", true, false));

        assertThatThrownBy(() -> new Blueprint(b.name(), b.functions(), routes, b.authorizer(), b.dataModel(),
                b.limits(), b.alarms(), b.environment()))
                .hasMessageContaining("duplicate 'send'");
    }

    @Test
    void customRoute_fromEnvironmentConfig_addsFunctionAndRoute() {
        Environment env = Environments.resolve("dev", Map.of("routes",
                List.of(Map.of("routeKey", "typing", "handler", "com.example.TypingHandler", "twoWay", false,
                        "tableAccess", "read", "managementApi", true))));

        Blueprint b = Blueprint.reference(env);

        assertThat(b.route("typing").function()).isEqualTo("typing");
        assertThat(b.function("typing").handler()).isEqualTo("com.example.TypingHandler");
        assertThat(b.function("typing").tableAccess()).isEqualTo(TableAccess.READ);
        assertThat(b.function("typing").managementApi()).isTrue();
    }

    @Test
    void customRoute_cannotReplacePredefinedRoute() {
        assertThatThrownBy(() -> new CustomRoute("$default", "com.example.X", false, TableAccess.NONE, false))
                .hasMessageContaining("cannot replace a predefined route");
    }

    @Test
    void staticEnvironment_carriesTheLimitsToEveryFunction() {
        Blueprint b = Blueprint.reference(dev).withLimits(Limits.defaults().withMaxDataBytes(2048));

        Map<String, String> env = b.staticEnvironment(b.function("send"));

        assertThat(env).containsEntry(EnvVars.MAX_DATA_BYTES, "2048")
                .containsEntry(EnvVars.CONNECTION_TTL_SECONDS, "10800");
    }

    @Test
    void names_areDerivedFromSystemEnvironmentAndId() {
        Blueprint b = Blueprint.reference(dev);

        assertThat(b.tableName(b.dataModel().connections())).isEqualTo("switchboard-dev-connections");
        assertThat(b.functionName(b.function("send"))).isEqualTo("switchboard-dev-send");
    }

    @Test
    void dataModel_everyIndexHasASortKey() {
        assertThatThrownBy(() -> new IndexSpec("byUser", KeyAttribute.string("u"), null))
                .hasMessageContaining("indexes.byUser.sortKey");
        assertThat(DataModel.reference().connections().indexes()).allSatisfy(i -> assertThat(i.sortKey()).isNotNull());
    }
}
