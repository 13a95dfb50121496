package dev.switchboard.pulumi.azure;

import com.pulumi.Context;
import com.pulumi.core.Output;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.pulumi.StackConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Azure platform of the Pulumi program: a stack whose configuration says {@code switchboard:platform: azure} is
 * rendered here. Configuration (stack file beside the AWS ones):
 * <pre>
 * config:
 *   switchboard:platform: azure
 *   switchboard:environment: dev
 *   switchboard:azureLocation: westeurope
 *   switchboard:azureUnits: "1"                 # optional: Web PubSub units, 1 2 5 10 20 50 100 (default 1)
 *   switchboard:azureStorageAccount: chatdev1   # optional: globally unique; default sb + system, env and a hash
 *   switchboard:azureFunctionPackage: azure/target/azure-functions/switchboard   # optional: folder or zip (default)
 *   switchboard:systemName: chat                # optional, as for AWS
 *   switchboard:jwtIssuer / jwtAudience         # optional, as for AWS
 * # secret: pulumi config set --secret jwtSecret "$(openssl rand -base64 48)"
 * </pre>
 * The provider's credentials are its own ({@code az login}, or {@code azure-native:clientId} etc.).
 */
public final class AzureProgram {
    public static final String PLATFORM = "azure";
    public static final String LOCATION = "azureLocation";
    public static final String UNITS = "azureUnits";
    public static final String STORAGE_ACCOUNT = "azureStorageAccount";
    public static final String FUNCTION_PACKAGE = "azureFunctionPackage";
    /** Where the azure module's build leaves the Function App's folder (host.json, the function, lib/). */
    public static final String DEFAULT_PACKAGE = "azure/target/azure-functions/switchboard";

    private AzureProgram() {
    }

    /** Reads the stack's configuration and declares the Azure stack. */
    public static AzureStack stack(Context ctx) {
        var c = ctx.config();
        Environment env = StackConfig.environment(ctx.stackName(), key -> c.get(key));
        String system = c.get(StackConfig.SYSTEM_NAME).orElse(Blueprint.DEFAULT_NAME);
        Blueprint b = Blueprint.reference(system, env);
        String location = c.require(LOCATION);
        String units = c.get(UNITS).orElse("1");
        int n;
        try {
            n = Integer.parseInt(units.trim());
        } catch (NumberFormatException e) {
            throw new BlueprintException("azure.units", "'" + units + "' is not a number",
                    "set switchboard:" + UNITS + " to 1, 2, 5, 10, 20, 50 or 100");
        }
        Path pkg = Path.of(c.get(FUNCTION_PACKAGE).orElse(DEFAULT_PACKAGE));
        if (!Files.isRegularFile(pkg) && !Files.isRegularFile(pkg.resolve("host.json"))) {
            throw new BlueprintException("azure.functionPackage", "no zip or Function App folder (with host.json)"
                    + " at " + pkg.toAbsolutePath(),
                    "build the function first (mvn -B -DskipNpm -pl azure -am package -Dmaven.test.skip=true) or set"
                            + " switchboard:" + FUNCTION_PACKAGE + " to its zip");
        }
        String account = c.get(STORAGE_ACCOUNT).orElse(defaultStorageAccount(ctx.projectName(), ctx.stackName(),
                b.names().prefix(), location));
        AzureTarget t = new AzureTarget(location, n, account, pkg);
        Output<String> secret = c.requireSecret(StackConfig.JWT_SECRET);
        return AzureStack.define(ctx, b, t, secret, c.get(StackConfig.JWT_ISSUER).orElse(null),
                c.get(StackConfig.JWT_AUDIENCE).orElse(null));
    }

    /**
     * {@code sb} + the prefix's letters and digits (at most 14) + 8 hex digits of a hash of project, stack, prefix and
     * location: stable for a stack, and unlikely to clash with another's; a clash is fixed by setting
     * {@value #STORAGE_ACCOUNT}.
     */
    static String defaultStorageAccount(String project, String stack, String prefix, String location) {
        String base = prefix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        base = base.length() > 14 ? base.substring(0, 14) : base;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((project + "/" + stack + "/" + prefix + "/"
                    + location).getBytes(StandardCharsets.UTF_8));
            return "sb" + base + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
