package dev.switchboard.jsplatforms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.CodePointRange;
import dev.switchboard.blueprint.CustomRoute;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.Route;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.blueprint.TokenRules;
import dev.switchboard.blueprint.UserIds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Worker's settings come from the blueprint; what a Worker cannot run is refused with the field and the fix. */
class WorkerSettingsTest {
    private static JsonNode render(Blueprint b) {
        return WorkerSettings.render(b, "iss", "aud", null, 8, false);
    }

    @Test
    void render_carriesTheUserIdRuleAndTokenRules_asTheBlueprintDefinesThem() {
        JsonNode s = render(Blueprint.reference(Environments.resolve("dev", Map.of())));

        JsonNode ids = s.get("userIds");
        assertThat(ids.get("maxChars").asInt()).isEqualTo(UserIds.MAX_CHARS);
        assertThat(ranges(ids.get("forbidden"))).isEqualTo(UserIds.FORBIDDEN);
        assertThat(ranges(ids.get("whitespace"))).isEqualTo(UserIds.WHITESPACE);
        JsonNode tokens = s.get("tokens");
        assertThat(tokens.get("clockSkewSeconds").asLong()).isEqualTo(TokenRules.CLOCK_SKEW.toSeconds());
        assertThat(tokens.get("maxLifetimeSeconds").asLong()).isEqualTo(TokenRules.MAX_LIFETIME.toSeconds());
        assertThat(tokens.get("latestTimeSeconds").asLong()).isEqualTo(TokenRules.LATEST_TIME_SECONDS);
    }

    private static List<CodePointRange> ranges(JsonNode array) {
        List<CodePointRange> out = new ArrayList<>();
        array.forEach(r -> out.add(new CodePointRange(r.get(0).asInt(), r.get(1).asInt())));
        return out;
    }

    @Test
    void render_whenReferenceBlueprint_carriesItsStageActionsAndProtocolLimits() {
        // GIVEN the dev blueprint with changed limits
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        b = b.withLimits(b.limits().toBuilder().maxDataBytes(1234).messageRatePerSecond(7).messageBurst(9)
                .presenceMaxMembers(11).membersPageSize(13).maxTokenBytes(2048).build());

        // WHEN the Worker's settings are rendered
        JsonNode s = render(b);

        // THEN every protocol limit, the stage and the routed actions are the blueprint's
        assertThat(s.get("stage").asText()).isEqualTo(b.environment().name());
        assertThat(s.get("limits").get("maxDataBytes").asInt()).isEqualTo(b.limits().maxDataBytes());
        assertThat(s.get("limits").get("messageRatePerSecond").asInt()).isEqualTo(b.limits().messageRatePerSecond());
        assertThat(s.get("limits").get("messageBurst").asInt()).isEqualTo(b.limits().messageBurst());
        assertThat(s.get("limits").get("presenceMaxMembers").asInt()).isEqualTo(b.limits().presenceMaxMembers());
        assertThat(s.get("limits").get("membersPageSize").asInt()).isEqualTo(b.limits().membersPageSize());
        assertThat(s.get("limits").get("maxTokenBytes").asInt()).isEqualTo(b.limits().maxTokenBytes());
        List<String> actions = new ArrayList<>();
        s.get("actions").forEach(a -> actions.add(a.asText()));
        assertThat(actions).containsExactlyElementsOf(b.routes().stream().filter(r -> !r.predefined())
                .map(Route::routeKey).toList());
        List<String> limitNames = new ArrayList<>();
        s.get("limits").fieldNames().forEachRemaining(limitNames::add);
        assertThat(limitNames).containsExactlyInAnyOrderElementsOf(WorkerSettings.PROTOCOL_LIMITS);
        assertThat(s.get("devTokens").asBoolean()).isFalse();
    }

    @Test
    void render_whenBlueprintHasCustomRoute_isRefusedNamingTheRouteAndTheFix() {
        // GIVEN an environment with a custom route (a Java handler class)
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of())).withCustomRoute(
                new CustomRoute("typing", "com.example.TypingHandler", true, TableAccess.READ, true));

        // WHEN / THEN rendering for Cloudflare stops with <field>: <problem>. Fix: <fix>
        assertThatThrownBy(() -> render(b))
                .isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("routes.typing: a custom route (handler com.example.TypingHandler) is a Java"
                        + " class that a Cloudflare Worker cannot run. Fix: remove it from"
                        + " environments.dev.customRoutes for Cloudflare, or deploy this environment to AWS");
    }

    @Test
    void render_whenBuiltInActionRoutedToAnotherHandler_isRefused() {
        // GIVEN send routed to a user's handler
        Blueprint ref = Blueprint.reference(Environments.resolve("dev", Map.of()));
        var fns = new ArrayList<>(ref.functions());
        fns.replaceAll(f -> f.name().equals("send") ? dev.switchboard.blueprint.FunctionSpec.of("send",
                "com.example.MySend") : f);
        Blueprint b = ref.withFunctions(fns);

        // WHEN / THEN the route's function is named
        assertThatThrownBy(() -> render(b)).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("routes.send.function: routes 'send' to com.example.MySend");
    }

    @Test
    void render_whenShardCountOutOfRange_isRefused() {
        Blueprint dev = Blueprint.reference(Environments.resolve("dev", Map.of()));
        assertThatThrownBy(() -> WorkerSettings.render(dev, "i", "a", null, 0, false))
                .isInstanceOf(BlueprintException.class).hasMessageStartingWith("cloudflare.shards:");
    }
}
