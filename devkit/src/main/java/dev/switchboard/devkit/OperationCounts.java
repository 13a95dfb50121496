package dev.switchboard.devkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many requests of each DynamoDB operation a {@link DynaliteProcess} has served since it started, read from the
 * wrapper's {@code GET /_switchboard/counts} (one {@code Operation count} line each, counted by the request's
 * {@code X-Amz-Target}). The load benchmark reports them beside each figure, so that a faster server cannot hide
 * skipped table work.
 */
public final class OperationCounts {
    /** The path the dynalite wrapper answers with its counts. */
    public static final String PATH = "/_switchboard/counts";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OperationCounts() {
    }

    /**
     * The counts of the dynalite at {@code endpoint}, by operation name ({@code GetItem}, {@code Query}, ...).
     *
     * @throws IOException when it does not answer (or is not a dynalite started by {@link DynaliteProcess})
     */
    public static Map<String, Long> read(URI endpoint) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(PATH)).timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + request.uri(), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(request.uri() + " answered HTTP " + response.statusCode());
        }
        Map<String, Long> counts = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                counts.put(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()));
            }
        }
        return counts;
    }

    /** {@code after - before}, per operation, leaving out those that did not change. */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((op, n) -> {
            long diff = n - before.getOrDefault(op, 0L);
            if (diff != 0) {
                d.put(op, diff);
            }
        });
        return d;
    }

    /** The sum of all operations in {@code counts}. */
    public static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
