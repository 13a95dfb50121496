package dev.switchboard.pulumi;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.Blueprint;

import java.util.List;
import java.util.Map;

/**
 * A whole regional Switchboard (the CDK construct of the same name): the WebSocket endpoint, the handlers, the
 * CloudFront distribution with the edge web ACL (with the edge: {@code protection} not null), monitoring and, with a
 * custom domain, its {@link RegionalDomain}, using the global connection table's replica in this region. Created by
 * {@link SwitchboardEnvironment}, once per region of the environment.
 */
public final class Switchboard extends ComponentResource {
    public static final String TYPE = "switchboard:index:Switchboard";

    private final String region;
    private final WebSocketEndpoint endpoint;
    private final Handlers handlers;
    private final EdgeDistribution edge;
    private final Monitoring monitoring;
    private final RegionalDomain domain;
    private final FanoutQueue fanout;

    Switchboard(String name, SwitchboardArgs args, Placement placement, Resource parent, ConnectionTable table,
                EdgeProtection protection, Certificates certificates) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        this.region = placement.region();
        Blueprint blueprint = args.system();
        this.endpoint = new WebSocketEndpoint(name + "-endpoint", blueprint, placement, this);
        this.handlers = new Handlers(name + "-handlers", blueprint, placement, this, table.tableName(), table,
                endpoint.callbackUrl(), args);
        endpoint.connect(handlers);
        this.edge = protection == null ? null : new EdgeDistribution(name + "-edge", blueprint, placement, this,
                endpoint, protection.webAclArn(), args.secrets().originSecret());
        this.monitoring = new Monitoring(name + "-monitoring", blueprint, placement, this, endpoint, handlers,
                table.physicalName());
        this.fanout = new FanoutQueue(name + "-fanout", blueprint, placement, this, handlers, monitoring.topic().arn());
        this.domain = blueprint.environment().customDomain() == null ? null
                : new RegionalDomain(name + "-domain", blueprint.environment().customDomain(), placement, this,
                        endpoint, monitoring.healthAlarms(), certificates);
        registerOutputs(Map.of(
                "websocketUrl", websocketUrl(),
                "callbackUrl", endpoint.callbackUrl(),
                "tableName", table.tableName(),
                "dashboardName", monitoring.dashboard().dashboardName()));
    }

    void grantManagementApi(List<Output<String>> connectionArns) {
        handlers.grantManagementApi(connectionArns);
    }

    public String region() {
        return region;
    }

    public WebSocketEndpoint endpoint() {
        return endpoint;
    }

    public Handlers handlers() {
        return handlers;
    }

    /** The distribution in front of the endpoint, or null without the edge. */
    public EdgeDistribution edgeDistribution() {
        return edge;
    }

    /** The URL clients use: {@code wss://<distribution>}, or without the edge the stage's execute-api URL. */
    public Output<String> websocketUrl() {
        return edge != null ? edge.websocketUrl() : endpoint.websocketUrl();
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    /** The sharded fan-out's queues, alarm and event source mapping. */
    public FanoutQueue fanout() {
        return fanout;
    }

    /** The regional half of the custom domain, or null without one. */
    public RegionalDomain domain() {
        return domain;
    }
}
