package dev.switchboard.pulumi.azure;

import com.pulumi.Context;
import com.pulumi.asset.FileArchive;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.TableSpec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The blueprint on Azure: a resource group; Web PubSub (Standard, the target's units) with one hub whose event
 * handler is the function (system events connect, connected and disconnected, every user event; anonymous connect
 * allowed because the function authenticates the token on {@code connect}); a storage account with the data model's
 * tables, the function's deployment container and its package; the Function App on the Flex Consumption plan
 * (FC1, Java 21) whose system-assigned identity reads host storage and the deployment container; Application
 * Insights on a Log Analytics workspace; an action group and the metric alerts of {@link AzureAlerts}.
 * Secrets (the JWT secret, the Web PubSub keys, the storage connection string) reach the app settings only as Pulumi
 * secrets.
 */
public final class AzureStack {
    /** The blob name a Flex Consumption app runs from in its deployment container
     * (https://learn.microsoft.com/azure/azure-functions/functions-infrastructure-as-code?pivots=flex-consumption-plan#deployment-package). */
    public static final String PACKAGE_BLOB = "released-package.zip";
    public static final String DEPLOYMENT_CONTAINER = "deployment";
    /** The function's route for Web PubSub's events: the azure module's HTTP-triggered function {@code events}. */
    public static final String HANDLER_PATH = "/api/events";
    public static final List<String> SYSTEM_EVENTS = List.of("connect", "connected", "disconnected");
    /** Flex Consumption's defaults, stated (https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan). */
    public static final int MAXIMUM_INSTANCES = 100;
    public static final int INSTANCE_MEMORY_MB = 2048;
    public static final String JAVA_VERSION = "21";
    /** Built-in roles (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage). */
    public static final String STORAGE_BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    /**
     * App settings beyond the blueprint's {@link EnvVars}: the names the azure module's handler reads (its
     * {@code AzureSettings}).
     */
    public static final String WEBPUBSUB_HUB = "WEBPUBSUB_HUB";
    public static final String WEBPUBSUB_CONNECTION_STRING = "WEBPUBSUB_CONNECTION_STRING";
    public static final String WEBPUBSUB_SECONDARY_KEY = "WEBPUBSUB_SECONDARY_KEY";
    public static final String TABLES_CONNECTION_STRING = "TABLES_CONNECTION_STRING";

    private final WebApp function;
    private final WebPubSubHub hub;
    private final String hubName;

    private AzureStack(WebApp function, WebPubSubHub hub, String hubName) {
        this.function = function;
        this.hub = hub;
        this.hubName = hubName;
    }

    /**
     * Declares the stack; {@code jwtSecret} must be a Pulumi secret (config set --secret).
     *
     * @param jwtIssuer   the {@code iss} tokens must carry; null or blank: {@link Blueprint#defaultJwtIssuer()}
     * @param jwtAudience the {@code aud} tokens must contain; null or blank: {@link Blueprint#defaultJwtAudience()}
     */
    public static AzureStack define(Context ctx, Blueprint b, AzureTarget t, Output<String> jwtSecret,
                                    String jwtIssuer, String jwtAudience) {
        refuseCustomRoutes(b);
        String issuer = jwtIssuer == null || jwtIssuer.isBlank() ? b.defaultJwtIssuer() : jwtIssuer;
        String audience = jwtAudience == null || jwtAudience.isBlank() ? b.defaultJwtAudience() : jwtAudience;
        String prefix = b.names().prefix();
        String hubName = hubName(b.name());
        CustomResourceOptions opts = CustomResourceOptions.builder().build();
        Output<String> location = Output.of(t.location());

        ResourceGroup.Args g = new ResourceGroup.Args();
        g.resourceGroupName = Output.of(prefix);
        g.location = location;
        Output<String> rg = new ResourceGroup(prefix, g, opts).name();

        Workspace.Sku wsku = new Workspace.Sku();
        wsku.name = Output.of("PerGB2018");
        Workspace.Args w = new Workspace.Args();
        w.resourceGroupName = rg;
        w.location = location;
        w.sku = Output.of(wsku);
        w.retentionInDays = Output.of(30);
        Workspace workspace = new Workspace(prefix + "-logs", w, opts);
        Component.Args ai = new Component.Args();
        ai.resourceGroupName = rg;
        ai.location = location;
        ai.kind = Output.of("web");
        ai.applicationType = Output.of("web");
        ai.workspaceResourceId = workspace.id();
        ai.ingestionMode = Output.of("LogAnalytics");
        Component insights = new Component(prefix + "-insights", ai, opts);

        StorageAccount.Sku ssku = new StorageAccount.Sku();
        ssku.name = Output.of("Standard_LRS");
        StorageAccount.Args sa = new StorageAccount.Args();
        sa.resourceGroupName = rg;
        sa.accountName = Output.of(t.storageAccount());
        sa.location = location;
        sa.kind = Output.of("StorageV2");
        sa.sku = Output.of(ssku);
        sa.minimumTlsVersion = Output.of("TLS1_2");
        sa.allowBlobPublicAccess = Output.of(false);
        sa.enableHttpsTrafficOnly = Output.of(true);
        StorageAccount account = new StorageAccount(prefix + "-storage", sa, opts);
        Output<String> accountName = account.name();

        Map<String, String> tableNames = new TreeMap<>();
        for (TableSpec spec : b.dataModel().tables()) {
            String name = tableName(b.tableName(spec));
            tableNames.put(spec.id(), name);
            Table.Args ta = new Table.Args();
            ta.resourceGroupName = rg;
            ta.accountName = accountName;
            ta.tableName = Output.of(name);
            new Table(prefix + "-" + spec.id(), ta, opts);
        }
        BlobContainer.Args ca = new BlobContainer.Args();
        ca.resourceGroupName = rg;
        ca.accountName = accountName;
        ca.containerName = Output.of(DEPLOYMENT_CONTAINER);
        ca.publicAccess = Output.of("None");
        BlobContainer container = new BlobContainer(prefix + "-deployment", ca, opts);
        Blob.Args pa = new Blob.Args();
        pa.resourceGroupName = rg;
        pa.accountName = accountName;
        pa.containerName = container.name();
        pa.blobName = Output.of(PACKAGE_BLOB);
        pa.type = Output.of("Block");
        pa.contentType = Output.of("application/zip");
        pa.source = Output.of(new FileArchive(t.functionPackage().toString())); // a folder is zipped on upload
        Blob pkg = new Blob(prefix + "-package", pa, opts);

        WebPubSub.Sku psku = new WebPubSub.Sku();
        psku.name = Output.of("Standard_S1");
        psku.tier = Output.of("Standard");
        psku.capacity = Output.of(t.units());
        WebPubSub.Args ps = new WebPubSub.Args();
        ps.resourceGroupName = rg;
        ps.location = location;
        ps.sku = Output.of(psku);
        ps.disableLocalAuth = Output.of(false); // the handler verifies event signatures with the access keys
        WebPubSub pubsub = new WebPubSub(prefix + "-pubsub", ps, opts);
        Output<ListWebPubSubKeys.Result> keys = ListWebPubSubKeys.of(rg, pubsub.name());

        AppServicePlan.Sku fsku = new AppServicePlan.Sku();
        fsku.name = Output.of("FC1");
        fsku.tier = Output.of("FlexConsumption");
        AppServicePlan.Args pl = new AppServicePlan.Args();
        pl.resourceGroupName = rg;
        pl.location = location;
        pl.kind = Output.of("functionapp");
        pl.reserved = Output.of(true);
        pl.sku = Output.of(fsku);
        AppServicePlan plan = new AppServicePlan(prefix + "-plan", pl, opts);

        Map<String, Output<String>> settings = new TreeMap<>();
        for (FunctionSpec fn : b.functions()) {
            b.staticEnvironment(fn).forEach((k, v) -> settings.put(k, Output.of(v)));
        }
        settings.put("AzureWebJobsStorage__accountName", accountName);
        settings.put("APPLICATIONINSIGHTS_CONNECTION_STRING", insights.connectionString());
        settings.put(EnvVars.JWT_ISSUER, Output.of(issuer));
        settings.put(EnvVars.JWT_AUDIENCE, Output.of(audience));
        settings.put(EnvVars.JWT_SECRET, jwtSecret.asSecret());
        settings.put(EnvVars.TABLE_NAME, Output.of(tableNames.get(b.dataModel().connections().id())));
        settings.put(TABLES_CONNECTION_STRING, ListStorageAccountKeys.connectionString(rg, accountName));
        settings.put(WEBPUBSUB_HUB, Output.of(hubName));
        settings.put(WEBPUBSUB_CONNECTION_STRING,
                keys.applyValue(ListWebPubSubKeys.Result::primaryConnectionString).asSecret());
        settings.put(WEBPUBSUB_SECONDARY_KEY, keys.applyValue(ListWebPubSubKeys.Result::secondaryKey).asSecret());
        List<WebApp.Setting> appSettings = new ArrayList<>();
        settings.forEach((k, v) -> appSettings.add(WebApp.Setting.of(k, v)));

        WebApp.DeploymentAuthentication auth = new WebApp.DeploymentAuthentication();
        auth.type = Output.of("SystemAssignedIdentity");
        WebApp.DeploymentStorage ds = new WebApp.DeploymentStorage();
        ds.type = Output.of("blobContainer");
        ds.value = Output.tuple(accountName, container.name())
                .applyValue(x -> "https://" + x.t1 + ".blob.core.windows.net/" + x.t2);
        ds.authentication = Output.of(auth);
        WebApp.Deployment dep = new WebApp.Deployment();
        dep.storage = Output.of(ds);
        WebApp.Runtime rt = new WebApp.Runtime();
        rt.name = Output.of("java");
        rt.version = Output.of(JAVA_VERSION);
        WebApp.Scale sc = new WebApp.Scale();
        sc.maximumInstanceCount = Output.of(MAXIMUM_INSTANCES);
        sc.instanceMemoryMB = Output.of(INSTANCE_MEMORY_MB);
        WebApp.FunctionAppConfig fc = new WebApp.FunctionAppConfig();
        fc.deployment = Output.of(dep);
        fc.runtime = Output.of(rt);
        fc.scaleAndConcurrency = Output.of(sc);
        WebApp.SiteConfig site = new WebApp.SiteConfig();
        site.appSettings = Output.of(appSettings);
        site.minTlsVersion = Output.of("1.2");
        site.ftpsState = Output.of("Disabled");
        WebApp.Identity id = new WebApp.Identity();
        id.type = Output.of("SystemAssigned");
        WebApp.Args fa = new WebApp.Args();
        fa.resourceGroupName = rg;
        fa.location = location;
        fa.kind = Output.of("functionapp,linux");
        fa.serverFarmId = plan.id();
        fa.httpsOnly = Output.of(true);
        fa.identity = Output.of(id);
        fa.siteConfig = Output.of(site);
        fa.functionAppConfig = Output.of(fc);
        WebApp function = new WebApp(prefix + "-function", fa,
                CustomResourceOptions.builder().dependsOn(pkg).build());

        grant(prefix + "-blob-owner", function, account.id(), STORAGE_BLOB_DATA_OWNER,
                "host storage and the deployment container");

        WebPubSubHub.EventHandler eh = new WebPubSubHub.EventHandler();
        eh.urlTemplate = function.defaultHostName().applyValue(h -> "https://" + h + HANDLER_PATH);
        eh.userEventPattern = Output.of("*");
        eh.systemEvents = Output.of(SYSTEM_EVENTS);
        WebPubSubHub.Properties hp = new WebPubSubHub.Properties();
        hp.anonymousConnectPolicy = Output.of("allow");
        hp.eventHandlers = Output.of(List.of(eh));
        WebPubSubHub.Args ha = new WebPubSubHub.Args();
        ha.resourceGroupName = rg;
        ha.resourceName = pubsub.name();
        ha.hubName = Output.of(hubName);
        ha.properties = Output.of(hp);
        WebPubSubHub hub = new WebPubSubHub(prefix + "-hub", ha, opts);

        ActionGroup.Args ag = new ActionGroup.Args();
        ag.resourceGroupName = rg;
        ag.location = Output.of("Global");
        ag.groupShortName = Output.of(shortName(prefix));
        ag.enabled = Output.of(true);
        String email = b.environment().alarmEmail();
        if (email != null) {
            ActionGroup.EmailReceiver r = new ActionGroup.EmailReceiver();
            r.name = Output.of("alarm-email");
            r.emailAddress = Output.of(email);
            r.useCommonAlertSchema = Output.of(true);
            ag.emailReceivers = Output.of(List.of(r));
        }
        ActionGroup group = new ActionGroup(prefix + "-alarms", ag, opts);
        Map<AzureAlerts.Target, Output<String>> scopes = new EnumMap<>(AzureAlerts.Target.class);
        scopes.put(AzureAlerts.Target.FUNCTION, function.id());
        scopes.put(AzureAlerts.Target.WEB_PUBSUB, pubsub.id());
        scopes.put(AzureAlerts.Target.TABLES, account.id().applyValue(a -> a + "/tableServices/default"));
        AzureAlerts.declare(b, rg, scopes, group.id(), opts);

        ctx.export("websocketUrl", pubsub.hostName().applyValue(h -> "wss://" + h + "/client/hubs/" + hubName));
        ctx.export("functionHost", function.defaultHostName());
        ctx.export("resourceGroup", rg);
        return new AzureStack(function, hub, hubName);
    }

    /** The Azure function serves the reference handlers' protocol; a user's Java route is not deployed there yet. */
    static void refuseCustomRoutes(Blueprint b) {
        for (var r : b.routes()) {
            String handler = b.function(r.function()).handler();
            if (!r.predefined() && !handler.startsWith(Blueprint.HANDLERS)) {
                throw new BlueprintException("routes." + r.routeKey(), "a custom route (handler " + handler
                        + ") is not served by the Azure function", "remove it from environments."
                        + b.environment().name() + ".customRoutes for Azure, or deploy this environment to AWS");
            }
        }
    }

    private static void grant(String name, WebApp function, Output<String> scope, String role, String why) {
        RoleAssignment.Args r = new RoleAssignment.Args();
        r.principalId = function.principalId();
        r.principalType = Output.of("ServicePrincipal");
        r.scope = scope;
        // the subscription-scoped role definition id; the subscription is the account id's first segment
        r.roleDefinitionId = scope.applyValue(s -> s.substring(0, s.indexOf("/resourceGroups/"))
                + "/providers/Microsoft.Authorization/roleDefinitions/" + role);
        r.description = Output.of("the function's identity: " + why);
        new RoleAssignment(name, r, CustomResourceOptions.builder().build());
    }

    /** A Web PubSub hub name: letters, digits and underscores, starting with a letter. */
    static String hubName(String system) {
        return system.replace('-', '_');
    }

    /** An Azure table name (3 to 63 letters and digits, starting with a letter) from the blueprint's table name. */
    static String tableName(String blueprintName) {
        String n = blueprintName.replaceAll("[^A-Za-z0-9]", "");
        if (!n.matches("[A-Za-z][A-Za-z0-9]{2,62}")) {
            throw new BlueprintException("dataModel.tables", "'" + blueprintName + "' gives no Azure table name ('"
                    + n + "')", "use a system name that starts with a letter; table names are letters and digits, 3 to 63");
        }
        return n;
    }

    /** An action group's short name: at most 12 characters. */
    static String shortName(String prefix) {
        String n = prefix.replaceAll("[^A-Za-z0-9-]", "");
        return n.length() <= 12 ? n : n.substring(0, 12);
    }

    public WebApp function() {
        return function;
    }

    public WebPubSubHub hub() {
        return hub;
    }

    public String hubName() {
        return hubName;
    }
}
