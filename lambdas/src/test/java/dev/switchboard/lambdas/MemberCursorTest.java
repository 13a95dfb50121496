package dev.switchboard.lambdas;

import static dev.switchboard.lambdas.Harness.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 27, reproduction 4: the {@code next} cursor of a member page carried another member's connection id in the
 * clear (base64), and a connection id addresses {@code @connections}. Cursors are now sealed (AES-GCM with the table's
 * cursor key, the room as associated data); they still page through the room.
 */
class MemberCursorTest {
    static Harness h;
    static ConnectHandler connect;
    static RoomsHandler rooms;
    static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void start() {
        h = new Harness();
        HandlerContext ctx = h.context(Map.of("MEMBERS_PAGE_SIZE", "2"));
        connect = new ConnectHandler(ctx);
        rooms = new RoomsHandler(ctx);
        for (int i = 0; i < 7; i++) {
            ids.add(join("user-" + i, "sealed"));
        }
        join("outsider", "other");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static String join(String user, String room) {
        String id = Harness.newConnectionId();
        assertThat(call(connect, Harness.connectEvent(id, user, null)).path("statusCode").asInt()).isEqualTo(200);
        h.api.connect(id);
        frame(id, user, Json.object().put("action", "join").put("room", room));
        return id;
    }

    private static JsonNode frame(String id, String user, JsonNode f) {
        return h.reply(rooms, Harness.messageEvent(id, user, f));
    }

    private static JsonNode members(String room, String cursor) {
        return frame(ids.get(0), "user-0", Json.object().put("action", "members").put("room", room).put("cursor", cursor));
    }

    @Test
    void cursors_carryNoConnectionId_inAnyEncoding_andStillPageThroughTheRoom() {
        JsonNode page = frame(ids.get(0), "user-0", Json.object().put("action", "members").put("room", "sealed"));
        Set<String> seen = new HashSet<>();
        List<String> cursors = new ArrayList<>();
        page.path("members").forEach(u -> seen.add(u.asText()));
        while (page.hasNonNull("next")) {
            cursors.add(page.get("next").asText());
            page = members("sealed", page.get("next").asText());
            assertThat(page.path("type").asText()).isEqualTo("members");
            page.path("members").forEach(u -> seen.add(u.asText()));
        }
        assertThat(seen).hasSize(7);
        assertThat(cursors).isNotEmpty();
        for (String c : cursors) {
            String body = c.substring(c.indexOf('.') + 1);
            String decoded = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.ISO_8859_1);
            for (String id : ids) {
                assertThat(c).doesNotContain(id);
                assertThat(decoded).doesNotContain(id);
            }
        }
    }

    @Test
    void aCursor_ofAnotherRoom_aTamperedOne_orAV1One_isMissingField() {
        JsonNode first = frame(ids.get(0), "user-0", Json.object().put("action", "members").put("room", "sealed"));
        String good = first.get("next").asText();
        // a character inside the body: every one of its 6 bits is data (the last character of unpadded base64url may
        // carry padding bits that decoding drops, so changing it can leave the bytes as they were)
        int at = good.indexOf('.') + 1;
        char c = good.charAt(at);
        String tampered = good.substring(0, at) + (c == 'A' ? 'B' : 'A') + good.substring(at + 1);
        String v1 = "1." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("sealed/" + ids.get(3)).getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of(tampered, v1, "2.", "2.AAAA", good.replace("2.", "3."))) {
            assertThat(members("sealed", bad).path("code").asText()).as(bad).isEqualTo("MISSING_FIELD");
        }
        // the same cursor is refused in another room (the room is the cipher's associated data)
        join("user-0", "other");
        assertThat(members("other", good).path("code").asText()).isEqualTo("MISSING_FIELD");
    }
}
