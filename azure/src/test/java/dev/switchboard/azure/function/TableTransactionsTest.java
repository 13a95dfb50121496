package dev.switchboard.azure.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.azure.store.AzuriteProcess;
import dev.switchboard.azure.store.Tables;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.cost.TableOperations;
import dev.switchboard.cost.TableOperations.Ops;
import dev.switchboard.cost.TableOperations.Room;
import dev.switchboard.devkit.DevTokens;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Table Storage transactions the handler makes per protocol action, counted at the HTTP level (every request its
 * table client sends to Azurite, {@link TableRequests}), equal the cost model's {@link TableOperations}: a change to
 * the handler that adds or drops a table call fails here until the cost model (and docs/cost.md) follow. Azure bills
 * every request to the Table service, failed ones included
 * (https://learn.microsoft.com/rest/api/storageservices/storage-analytics-logged-operations-and-status-messages), and
 * a query one per page of at most 1,000 entities
 * (https://learn.microsoft.com/rest/api/storageservices/query-timeout-and-pagination).
 *
 * <p>Limits small enough to reach every branch with a few members: pages of {@value #PAGE} users, presence up to
 * {@value #PRESENCE} users, {@value #CAP} connections a user; the burst high enough that no frame is rate limited.
 */
class TableTransactionsTest {
    static final int PAGE = 2;
    static final int PRESENCE = 2;
    static final int CAP = 2;
    static AzuriteProcess azurite;
    static RecordingWebPubSub service;
    static Events events;
    static final TableRequests requests = new TableRequests();

    @BeforeAll
    static void start() throws Exception {
        azurite = AzuriteProcess.start();
        service = new RecordingWebPubSub();
        Map<String, String> env = new HashMap<>();
        env.put(AzureSettings.CONNECTION_STRING, service.connectionString());
        env.put(AzureSettings.HUB, SwitchboardEventsTest.HUB);
        env.put(AzureSettings.ALLOWED_ORIGINS, Events.ORIGIN);
        env.put(AzureSettings.TABLES_CONNECTION_STRING, azurite.connectionString());
        env.put(EnvVars.TABLE_NAME, "sb" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        env.put(EnvVars.JWT_SECRET, DevTokens.DEV_SECRET);
        env.put(EnvVars.JWT_ISSUER, DevTokens.DEFAULT_ISSUER);
        env.put(EnvVars.JWT_AUDIENCE, DevTokens.DEFAULT_AUDIENCE);
        env.put(EnvVars.MEMBERS_PAGE_SIZE, Integer.toString(PAGE));
        env.put(EnvVars.PRESENCE_MAX_MEMBERS, Integer.toString(PRESENCE));
        env.put(EnvVars.MAX_CONNECTIONS_PER_USER, Integer.toString(CAP));
        env.put(EnvVars.RATE_BURST, "1000");
        AzureSettings settings = AzureSettings.fromEnv(env);
        Clock clock = Clock.systemUTC();
        EventHandler handler = new EventHandler(settings, Tables.open(settings.tablesConnectionString(),
                settings.tableName(), List.of(requests)), new SdkHub(settings.webPubSub().raw(), settings.hub()),
                EventHandler.verifier(settings, clock), clock, Logger.getLogger("switchboard.azure.transactions"));
        events = new Events(new SwitchboardEvents(handler), SwitchboardEventsTest.HUB, List.of(RecordingWebPubSub.KEY));
        // the member cursors' key is read once per function instance (an insert and a read), at the first cursor:
        // a room above the page size issues one
        roomOf(PAGE + 1);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (azurite != null) {
            azurite.close();
        }
    }

    static String user() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new room with {@code members} connections, one per user. */
    static String roomOf(int members) {
        String room = "room-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < members; i++) {
            connect(user(), room);
        }
        return room;
    }

    static Room room(long size) {
        return new Room(size, PAGE, PRESENCE);
    }

    static String connect(String user, String room) {
        String id = SwitchboardEventsTest.id();
        FunctionRequest.Response r = connectAs(user, room, id);
        assertThat(r.getStatusCode()).as(r.text()).isEqualTo(200);
        return id;
    }

    static FunctionRequest.Response connectAs(String user, String room, String connectionId) {
        Map<String, List<String>> q = new HashMap<>();
        q.put("token", List.of(DevTokens.mint(user)));
        if (room != null) {
            q.put("room", List.of(room));
        }
        return events.connect(connectionId, q, List.of());
    }

    static JsonNode frame(String connectionId, String text, String expectedType) {
        JsonNode reply = events.frame(connectionId, text);
        if (expectedType == null) {
            assertThat(reply).isNull();
        } else {
            assertThat(reply.path("type").asText()).as(String.valueOf(reply)).isEqualTo(expectedType);
        }
        return reply;
    }

    static void assertCounted(TableRequests.Counted counted, Ops expected) {
        assertThat(counted.ops()).as("reads and writes; the requests:\n  %s",
                String.join("\n  ", counted.requests().stream().map(Object::toString).toList())).isEqualTo(expected);
    }

    @Test
    void connect_firstOfUser_withoutRoom() {
        assertCounted(requests.during(() -> connect(user(), null)), TableOperations.connect());
    }

    @Test
    void connect_atTheCap_isRefusedAfterTwoQueries() {
        String u = user();
        for (int i = 0; i < CAP; i++) {
            connect(u, null);
        }
        TableRequests.Counted counted = requests.during(() -> assertThat(
                connectAs(u, null, SwitchboardEventsTest.id()).getStatusCode()).isEqualTo(429));
        assertCounted(counted, TableOperations.connectAtCap());
    }

    @Test
    void connect_withRoom_aloneInIt_countsTheFailedCounterRead() {
        String room = "room-" + UUID.randomUUID().toString().substring(0, 8);
        TableRequests.Counted counted = requests.during(() -> connect(user(), room));
        assertCounted(counted, TableOperations.connect().plus(TableOperations.joinOnConnect(room(1))));
        // a new room's counter row is absent: its read answers 404, a billed transaction counted like any other
        assertThat(counted.failed()).singleElement().satisfies(r -> {
            assertThat(r.read()).isTrue();
            assertThat(r.status()).isEqualTo(404);
        });
    }

    @Test
    void connect_withRoom_aboveTheReadLimit_readsOnePageAndTheCounter() {
        String room = roomOf(PRESENCE + 1);
        assertCounted(requests.during(() -> connect(user(), room)),
                TableOperations.connect().plus(TableOperations.joinOnConnect(room(PRESENCE + 2))));
    }

    @Test
    void joinFrame_smallAndLargeRoom() {
        for (int before : new int[] {1, PRESENCE + 1}) {
            String room = roomOf(before);
            String c = connect(user(), null);
            assertCounted(requests.during(() -> frame(c, "{\"action\":\"join\",\"room\":\"" + room + "\"}",
                    "joined")), TableOperations.join(room(before + 1)));
        }
    }

    @Test
    void send_withAndWithoutAck() {
        String room = roomOf(1);
        String c = connect(user(), room);
        assertCounted(requests.during(() -> frame(c, "{\"action\":\"send\",\"room\":\"" + room + "\",\"data\":1}",
                null)), TableOperations.send(false));
        assertCounted(requests.during(() -> frame(c, "{\"action\":\"send\",\"room\":\"" + room
                + "\",\"data\":1,\"ack\":true}", "ack")), TableOperations.send(true));
    }

    @Test
    void whisper_toAnotherUser_andToOneself() {
        String to = user();
        connect(to, null);
        String me = user();
        String c = connect(me, null);
        connect(me, null);
        assertCounted(requests.during(() -> frame(c, "{\"action\":\"whisper\",\"to\":\"" + to + "\",\"data\":1}",
                null)), TableOperations.whisper());
        assertCounted(requests.during(() -> frame(c, "{\"action\":\"whisper\",\"to\":\"" + me + "\",\"data\":1,"
                + "\"ack\":true}", "ack")), TableOperations.whisper());
    }

    @Test
    void membersPage_ofASmallAndALargeRoom() {
        for (int before : new int[] {1, PAGE + 2}) {
            String room = roomOf(before);
            String c = connect(user(), room);
            assertCounted(requests.during(() -> frame(c, "{\"action\":\"members\",\"room\":\"" + room + "\"}",
                    "members")), TableOperations.members(room(before + 1)));
        }
    }

    @Test
    void leave_lastConnectionOfTheUser_andNotTheLast() {
        String room = roomOf(2);
        String u = user();
        String first = connect(u, room);
        String second = connect(u, room);
        assertCounted(requests.during(() -> frame(first, "{\"action\":\"leave\",\"room\":\"" + room + "\"}",
                "left")), TableOperations.leave(room(4), false));
        assertCounted(requests.during(() -> frame(second, "{\"action\":\"leave\",\"room\":\"" + room + "\"}",
                "left")), TableOperations.leave(room(3), true));
    }

    @Test
    void ping_touchesNoTable() {
        String c = connect(user(), null);
        assertCounted(requests.during(() -> frame(c, "{\"action\":\"ping\"}", "pong")), TableOperations.ping());
    }

    @Test
    void disconnect_withoutRooms_andFromTwoRooms() {
        String alone = connect(user(), null);
        assertCounted(requests.during(() -> assertThat(events.disconnected(alone).getStatusCode()).isEqualTo(204)),
                TableOperations.disconnect(0, room(1)));
        String a = roomOf(2);
        String b = roomOf(2);
        String c = connect(user(), a);
        frame(c, "{\"action\":\"join\",\"room\":\"" + b + "\"}", "joined");
        assertCounted(requests.during(() -> assertThat(events.disconnected(c).getStatusCode()).isEqualTo(204)),
                TableOperations.disconnect(2, room(3)));
    }
}
