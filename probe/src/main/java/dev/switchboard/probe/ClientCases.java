package dev.switchboard.probe;

import static dev.switchboard.probe.Frames.check;

import dev.switchboard.client.Ack;
import dev.switchboard.client.ClientListener;
import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.ReconnectPolicy;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Switchboard's Java client (clients/java, docs/clients.md) against the endpoint: after the server closes its
 * connection (DeleteConnection) it reconnects with a fresh call of its token callback, re-joins its room, reports the
 * gap and delivers what was sent after, the reconnect a real application meets at API Gateway's idle timeout and
 * 2-hour limit.
 */
final class ClientCases {
    private ClientCases() {
    }

    static List<Case> all() {
        return List.of(new Case("client_afterDeleteConnection_reconnectsRejoinsAndDelivers", ctx -> {
            var management = ctx.management();
            String room = ctx.room("");
            Client other = ctx.connect(ctx.b(), room);
            AtomicInteger tokens = new AtomicInteger();
            CompletableFuture<List<String>> gap = new CompletableFuture<>();
            ClientOptions o = ClientOptions.of(() -> {
                tokens.incrementAndGet();
                return ctx.a().token();
            }).withTransport(Transport.QUERY).withRequestTimeout(ctx.options().timeout())
                    .withReconnect(new ReconnectPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2)));
            SwitchboardClient c = SwitchboardClient.connect(ctx.target().url(), o, new ClientListener() {
                @Override
                public void onGap(long from, long to, List<String> rooms, List<String> lostRooms) {
                    gap.complete(rooms);
                }
            }).get(ctx.options().timeout().toMillis(), TimeUnit.MILLISECONDS);
            try {
                long wait = ctx.options().timeout().toMillis();
                c.join(room).get(wait, TimeUnit.MILLISECONDS);
                String id = c.ping().get(wait, TimeUnit.MILLISECONDS);
                check(id != null, "the server told the client no connection id (pong without connectionId)");
                management.deleteConnection(r -> r.connectionId(id));
                List<String> rejoined = gap.get(wait * 2, TimeUnit.MILLISECONDS);
                check(rejoined.equals(List.of(room)), "after the reconnect the client re-joined " + rejoined
                        + ", expected [" + room + "]");
                check(tokens.get() == 2, "the token callback ran " + tokens.get() + " times, expected 2");
                Ack ack = c.send(room, "after the reconnect").get(wait, TimeUnit.MILLISECONDS);
                check(ack.delivered() == 1, "a send after the reconnect: delivered " + ack.delivered()
                        + ", expected 1");
                var m = other.expectType("message");
                check("after the reconnect".equals(m.path("data").asText()), "the other member got " + m);
            } finally {
                c.close();
            }
        }));
    }
}
