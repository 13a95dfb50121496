package dev.switchboard.azure.function;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import dev.switchboard.cost.TableOperations;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts the HTTP requests a table client sends to the Table service, as Azure bills them: every response is a
 * transaction, a failed one (404, 409, 412) too. A {@code GET} (point read or query page) is a read; {@code POST}
 * (insert), {@code PUT} (replace, upsert), {@code PATCH}/{@code MERGE} and {@code DELETE} are writes. Added per retry
 * (azure-core's default position for an added policy), so a retried request counts each time it is sent.
 */
final class TableRequests extends HttpPipelineSyncPolicy {
    /** One request: its method, its path and query, the status it got. */
    record Request(String method, String url, int status) {
        boolean read() {
            return method.equals(HttpMethod.GET.name());
        }

        @Override
        public String toString() {
            return method + " " + url + " -> " + status;
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    @Override
    protected HttpResponse afterReceivedResponse(HttpPipelineCallContext context, HttpResponse response) {
        var url = response.getRequest().getUrl();
        requests.add(new Request(response.getRequest().getHttpMethod().name(),
                url.getPath() + (url.getQuery() == null ? "" : "?" + url.getQuery()), response.getStatusCode()));
        return response;
    }

    /** The requests {@code action} made, as the cost model's operations. */
    Counted during(Runnable action) {
        requests.clear();
        action.run();
        List<Request> made = List.copyOf(requests);
        long reads = made.stream().filter(Request::read).count();
        return new Counted(new TableOperations.Ops(reads, made.size() - reads), made);
    }

    /** What one action cost, and the requests behind it (for the failure message). */
    record Counted(TableOperations.Ops ops, List<Request> requests) {
        List<Request> failed() {
            return requests.stream().filter(r -> r.status() >= 400).toList();
        }
    }
}
