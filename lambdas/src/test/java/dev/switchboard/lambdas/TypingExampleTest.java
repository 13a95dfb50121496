package dev.switchboard.lambdas;

import static dev.switchboard.lambdas.Harness.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.CustomRoute;
import dev.switchboard.blueprint.Route;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.examples.TypingHandler;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/extending.md's worked example, proved at the handler level. */
class TypingExampleTest {
    static Harness h;

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void customRoute_addsTheTypingRouteAndFunctionToTheBlueprint() {
        // GIVEN / WHEN the route of docs/extending.md
        Blueprint b = Harness.BLUEPRINT.withCustomRoute(new CustomRoute("typing",
                TypingHandler.class.getName(), false, TableAccess.READ_WRITE, true));
        // THEN
        assertThat(b.route("typing")).isEqualTo(new Route("typing", "typing", false, false));
        assertThat(b.function("typing").handler()).isEqualTo("dev.switchboard.examples.TypingHandler");
        assertThat(b.function("typing").managementApi()).isTrue();
    }

    @Test
    void typing_tellsTheOtherMembers_andRepliesNothing() {
        // GIVEN ann and ben in a room, built with the environment a renderer gives the function
        Map<String, String> env = h.env(Map.of());
        ConnectHandler connect = new ConnectHandler(env);
        String ann = Harness.newConnectionId();
        String ben = Harness.newConnectionId();
        call(connect, Harness.connectEvent(ann, "ann", "r-typing"));
        h.api.connect(ann);
        call(connect, Harness.connectEvent(ben, "ben", "r-typing"));
        h.api.connect(ben);
        h.api.reset();
        // WHEN ann types
        JsonNode r = call(new TypingHandler(env), Harness.messageEvent(ann, "ann", "{\"action\":\"typing\",\"room\":\"r-typing\"}", "typing"));
        // THEN ben is told, ann is not, and the response has no body
        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        assertThat(r.has("body")).isFalse();
        assertThat(h.api.frames(ben)).containsExactly("{\"type\":\"typing\",\"room\":\"r-typing\",\"user\":\"ann\"}");
        assertThat(h.api.frames(ann)).isEmpty();
    }

    @Test
    void typing_fromANonMember_isRefused() {
        String cal = Harness.newConnectionId();
        Map<String, String> env = h.env(Map.of());
        call(new ConnectHandler(env), Harness.connectEvent(cal, "cal", null));
        JsonNode r = call(new TypingHandler(env), Harness.messageEvent(cal, "cal", "{\"action\":\"typing\",\"room\":\"r-none\"}", "typing"));
        assertThat(Harness.body(r).get("code").asText()).isEqualTo("NOT_A_MEMBER");
    }
}
