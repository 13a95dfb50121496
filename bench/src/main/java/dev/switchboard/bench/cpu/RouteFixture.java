package dev.switchboard.bench.cpu;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import dev.switchboard.lambdas.ConnectHandler;
import dev.switchboard.lambdas.DisconnectHandler;
import dev.switchboard.lambdas.PingHandler;
import dev.switchboard.lambdas.RoomsHandler;
import dev.switchboard.lambdas.SendHandler;
import dev.switchboard.lambdas.api.Broadcaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One route's shipped handler, ready to be invoked again and again against {@link CannedAws}: built with its public
 * environment constructor (the function's environment from the blueprint, pointed at the canned server), with the
 * DynamoDB answers of one real invocation recorded against dynalite, on a room of 10 members:
 * <ul>
 *   <li>{@code connect}: a new connection without a room (one PutItem);</li>
 *   <li>{@code join}: the tenth member joins the room of nine (presence to the other nine);</li>
 *   <li>{@code send}: a member sends to the room of 10 (the message to the other nine);</li>
 *   <li>{@code ping}: a member pings (the pong is the route's response);</li>
 *   <li>{@code disconnect}: the tenth member's {@code $disconnect} (leaves the room, presence to the other nine).</li>
 * </ul>
 * {@link #start} replays once and checks the replayed invocation made the recorded DynamoDB calls and posts and
 * answered without an error, so that a benchmark never measures a failure path.
 */
public final class RouteFixture implements AutoCloseable {
    /** The routes this fixture knows. */
    public static final List<String> ROUTES = List.of("connect", "join", "send", "ping", "disconnect");
    /** Members in the room the routes act on. */
    public static final int ROOM_SIZE = 10;
    private static final String ROOM = "bench";

    private final CannedAws aws;
    private final RequestStreamHandler handler;
    private final byte[] event;
    private final Map<String, Integer> recorded;
    private final long postsPerInvocation;
    private final BenchContext context;
    private final FunctionSpec function;
    private final Map<String, String> environment;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);

    private RouteFixture(CannedAws aws, RequestStreamHandler handler, byte[] event, Map<String, Integer> recorded,
                         long postsPerInvocation, BenchContext context, FunctionSpec function,
                        Map<String, String> environment) {
        this.aws = aws;
        this.handler = handler;
        this.event = event;
        this.recorded = recorded;
        this.postsPerInvocation = postsPerInvocation;
        this.context = context;
        this.function = function;
        this.environment = environment;
    }

    /** Records {@code route} against a fresh dynalite (stopped again before this returns) and checks one replay. */
    public static RouteFixture start(String route) throws Exception {
        if (!ROUTES.contains(route)) {
            throw new IllegalArgumentException("route must be one of " + ROUTES + ", not " + route);
        }
        Blueprint blueprint = Blueprint.reference(Environments.resolve("dev", Map.of()));
        // On Lambda the handler's init raises the JDK's keep-alive cap before any connection is made; here dynalite's
        // client connects first, and the JDK reads the cap once, so it is raised here, as the handler would.
        Broadcaster.keepAliveUpTo(blueprint.limits().broadcastConcurrency());
        CannedAws aws = CannedAws.start();
        try (DynaliteProcess dynalite = DynaliteProcess.start();
             DynamoDbClient dynamo = LocalClients.dynamoDb(dynalite.endpoint())) {
            String table = TableBootstrap.createTables(dynamo, blueprint).get(0);
            Function<String, Map<String, String>> env = routeKey -> {
                Map<String, String> e = new TreeMap<>(blueprint.staticEnvironment(
                        blueprint.function(blueprint.route(routeKey).function())));
                e.put(EnvVars.TABLE_NAME, table);
                e.put(EnvVars.DYNAMODB_ENDPOINT, aws.endpoint().toString());
                e.put(EnvVars.REGION, "us-east-1");
                e.put(EnvVars.CALLBACK_URL, aws.callbackUrl("dev"));
                return e;
            };
            aws.record(dynalite.endpoint());
            ConnectHandler connect = new ConnectHandler(env.apply("$connect"));
            RoomsHandler rooms = new RoomsHandler(env.apply("join"));
            for (int i = 0; i < ROOM_SIZE - 1; i++) {
                invoke(connect, RouteEvents.connect(conn(i), user(i), ROOM));
            }
            invoke(connect, RouteEvents.connect(conn(ROOM_SIZE - 1), user(ROOM_SIZE - 1), null));
            byte[] join = RouteEvents.message(conn(ROOM_SIZE - 1), user(ROOM_SIZE - 1),
                    "{\"action\":\"join\",\"room\":\"" + ROOM + "\"}");
            if (route.equals("send") || route.equals("disconnect")) {
                invoke(rooms, join);
            }
            RequestStreamHandler handler = switch (route) {
                case "connect" -> connect;
                case "join" -> rooms;
                case "send" -> new SendHandler(env.apply("send"));
                case "ping" -> new PingHandler(env.apply("ping"));
                default -> new DisconnectHandler(env.apply("$disconnect"));
            };
            byte[] event = switch (route) {
                case "connect" -> RouteEvents.connect(conn(ROOM_SIZE), user(ROOM_SIZE), null);
                case "join" -> join;
                case "send" -> RouteEvents.message(conn(0), user(0),
                        "{\"action\":\"send\",\"room\":\"" + ROOM + "\",\"data\":{\"text\":\"hello\"}}");
                case "ping" -> RouteEvents.message(conn(0), user(0), "{\"action\":\"ping\"}");
                default -> RouteEvents.disconnect(conn(ROOM_SIZE - 1), user(ROOM_SIZE - 1));
            };
            aws.record(dynalite.endpoint());
            long posts = aws.posts();
            invoke(handler, event);
            String routeKey = switch (route) {
                case "connect" -> "$connect";
                case "disconnect" -> "$disconnect";
                default -> route;
            };
            FunctionSpec function = blueprint.function(blueprint.route(routeKey).function());
            RouteFixture f = new RouteFixture(aws, handler, event, aws.recorded(), aws.posts() - posts,
                    new BenchContext(function.timeoutSeconds(), function.memoryMb()), function,
                    Map.copyOf(env.apply(routeKey)));
            aws.replay();
            f.check();
            return f;
        } catch (Exception | Error e) {
            aws.close();
            throw e;
        }
    }

    /**
     * One invocation of the route's handler, with a Lambda context (its function's timeout left, so the handler runs
     * with a deadline as on Lambda); returns the size of its response.
     */
    public int invoke() throws IOException {
        out.reset();
        handler.handleRequest(new ByteArrayInputStream(event), out, context);
        return out.size();
    }

    /** The route's function as the blueprint defines it (its memory size, timeout and architecture). */
    public FunctionSpec function() {
        return function;
    }

    /** The function's environment, pointed at the canned server: what its no-argument constructor reads on Lambda. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The event of one invocation (the API Gateway proxy event, as the handler reads it from its input stream). */
    public byte[] event() {
        return event.clone();
    }

    /** The route's shipped handler class. */
    public String handlerClass() {
        return handler.getClass().getName();
    }

    /** DynamoDB operations of one invocation, each with its number of calls. */
    public Map<String, Integer> recorded() {
        return recorded;
    }

    /** {@code @connections} posts of one invocation. */
    public long postsPerInvocation() {
        return postsPerInvocation;
    }

    /** The canned server (its counters). */
    public CannedAws aws() {
        return aws;
    }

    /** Invokes once on the replayed answers; throws unless it made the recorded calls and posts and no error. */
    public String check() throws IOException {
        long calls = aws.dynamoCalls();
        long posts = aws.posts();
        invoke();
        String response = out.toString(StandardCharsets.UTF_8);
        long expected = recorded.values().stream().mapToLong(Integer::longValue).sum();
        // posts are counted when the server has answered them; the fan-out awaits every answer before returning
        if (aws.dynamoCalls() - calls != expected || aws.posts() - posts != postsPerInvocation
                || !response.contains("\"statusCode\":200") || response.contains("\\\"type\\\":\\\"error\\\"")) {
            throw new IllegalStateException("the replayed invocation differs from the recorded one: "
                    + (aws.dynamoCalls() - calls) + " DynamoDB calls (recorded " + recorded + "), "
                    + (aws.posts() - posts) + " posts (recorded " + postsPerInvocation + "), response " + response);
        }
        return response;
    }

    private static void invoke(RequestStreamHandler h, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(event), out, null);
        String response = out.toString(StandardCharsets.UTF_8);
        if (!response.contains("\"statusCode\":200") || response.contains("\\\"type\\\":\\\"error\\\"")) {
            throw new IllegalStateException("setting up the room failed: " + response);
        }
    }

    private static String conn(int i) {
        return String.format("C%014d=", i);
    }

    private static String user(int i) {
        return "user-" + i;
    }

    @Override
    public void close() {
        aws.close();
    }
}
