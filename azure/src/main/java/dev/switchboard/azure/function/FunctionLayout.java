package dev.switchboard.azure.function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.switchboard.lambdas.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the deployment layout of the Function App, as {@code azure-functions-maven-plugin} would (that plugin does not
 * resolve where these builds run): {@code host.json}, and one {@code <name>/function.json} per {@link FunctionName}
 * method of {@link SwitchboardEvents}, read from its annotations, so the bindings cannot disagree with the code. The
 * build runs it at {@code package} ({@code target/azure-functions/switchboard/}, beside {@code lib/} and the module's
 * jar); zip that folder for a deployment. Layout and fields: Azure Functions Java developer guide ("Folder
 * structure") and the function.json reference of the HTTP trigger (learn.microsoft.com/azure/azure-functions/
 * functions-bindings-http-webhook-trigger, "Configuration").
 *
 * <p>Defaults: the Functions runtime 2.0 schema of {@code host.json} with the extension bundle {@code [4.*, 5.0.0)} and
 * the route prefix {@code api}.
 */
public final class FunctionLayout {
    /** The extension bundle range of {@code host.json}. */
    public static final String EXTENSION_BUNDLE = "[4.*, 5.0.0)";

    private FunctionLayout() {
    }

    /** {@code args}: the output folder and the file name of the module's jar inside it. */
    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: FunctionLayout <output folder> <jar file name>");
        }
        write(Path.of(args[0]), args[1]);
    }

    /** Writes {@code host.json} and the {@code function.json} files into {@code dir}. */
    public static void write(Path dir, String jarName) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("host.json"), Json.write(hostJson()) + "\n");
            for (Method m : SwitchboardEvents.class.getMethods()) {
                FunctionName name = m.getAnnotation(FunctionName.class);
                if (name != null) {
                    Path f = dir.resolve(name.value());
                    Files.createDirectories(f);
                    Files.writeString(f.resolve("function.json"), Json.write(functionJson(m, jarName)) + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the function layout into " + dir, e);
        }
    }

    static ObjectNode hostJson() {
        ObjectNode host = Json.object().put("version", "2.0");
        host.putObject("extensionBundle").put("id", "Microsoft.Azure.Functions.ExtensionBundle")
                .put("version", EXTENSION_BUNDLE);
        host.putObject("extensions").putObject("http").put("routePrefix", "api");
        return host;
    }

    static ObjectNode functionJson(Method m, String jarName) {
        ObjectNode fn = Json.object().put("scriptFile", "../" + jarName)
                .put("entryPoint", m.getDeclaringClass().getName() + "." + m.getName());
        ArrayNode bindings = fn.putArray("bindings");
        for (Parameter p : m.getParameters()) {
            HttpTrigger t = p.getAnnotation(HttpTrigger.class);
            if (t == null) {
                continue;
            }
            ObjectNode b = bindings.addObject().put("type", "httpTrigger").put("direction", "in").put("name", t.name());
            if (!t.dataType().isEmpty()) {
                b.put("dataType", t.dataType());
            }
            ArrayNode methods = b.putArray("methods");
            for (HttpMethod hm : t.methods()) {
                methods.add(hm.name().toLowerCase(Locale.ROOT));
            }
            b.put("authLevel", t.authLevel().name().toLowerCase(Locale.ROOT));
            if (!t.route().isEmpty()) {
                b.put("route", t.route());
            }
        }
        bindings.addObject().put("type", "http").put("direction", "out").put("name", "$return");
        return fn;
    }
}
