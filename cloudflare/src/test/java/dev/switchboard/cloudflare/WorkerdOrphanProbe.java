package dev.switchboard.cloudflare;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.jsplatforms.Repo;
import java.util.Map;

/**
 * The parent JVM of {@link LocalWorkerdParentDeathTest}: starts the Worker, prints the pid of its workerd and the
 * configuration's directory, and waits to be killed.
 */
public final class WorkerdOrphanProbe {
    private WorkerdOrphanProbe() {
    }

    public static void main(String[] args) throws Exception {
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        LocalWorkerd w = LocalWorkerd.start(Repo.locate(), b, 0, DevTokens.DEV_SECRET, null, 1, false);
        long pid = ProcessHandle.current().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/workerd")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
        System.out.println("WORKERD " + pid + " " + w.config().getParent());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
