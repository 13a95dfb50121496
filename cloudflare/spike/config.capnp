using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "do-disk", disk = (path = "/tmp/switchboard-spike-do", writable = true)),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:8799", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.mjs", esModule = embed "worker.mjs") ],
  compatibilityDate = "2026-11-01",
  durableObjectNamespaces = [ (className = "Echo", uniqueKey = "spike-echo", enableSql = true) ],
  durableObjectStorage = (localDisk = "do-disk"),
  bindings = [ (name = "ECHO", durableObjectNamespace = "Echo") ],
);
