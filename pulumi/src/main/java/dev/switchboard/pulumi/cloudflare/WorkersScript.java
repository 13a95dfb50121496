package dev.switchboard.pulumi.cloudflare;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

import java.util.List;

/** {@code cloudflare:index/workersScript:WorkersScript}: the Worker, its bindings and its Durable Object migration. */
public final class WorkersScript extends CustomResource {
    public static final String TYPE = "cloudflare:index/workersScript:WorkersScript";

    @Export(name = "scriptName", refs = {String.class}, tree = "[0]")
    private Output<String> scriptName;

    public WorkersScript(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public Output<String> scriptName() {
        return scriptName;
    }

    /** The inputs used here (all names as in the provider's WorkersScriptArgs). */
    public static final class Args extends ResourceArgs {
        @Import(name = "accountId")
        public Output<String> accountId;
        @Import(name = "scriptName", required = true)
        public Output<String> scriptName;
        @Import(name = "content")
        public Output<String> content;
        @Import(name = "mainModule")
        public Output<String> mainModule;
        @Import(name = "compatibilityDate")
        public Output<String> compatibilityDate;
        @Import(name = "bindings")
        public Output<List<Binding>> bindings;
        @Import(name = "migrations")
        public Output<Migrations> migrations;
        @Import(name = "logpush")
        public Output<Boolean> logpush;
    }

    /** A binding ({@code WorkersScriptBindingArgs}): {@code type} is durable_object_namespace, json, secret_text... */
    @SchemaType("WorkersScriptBindingArgs")
    public static final class Binding extends ResourceArgs {
        @Import(name = "name", required = true)
        public Output<String> name;
        @Import(name = "type", required = true)
        public Output<String> type;
        @Import(name = "className")
        public Output<String> className;
        @Import(name = "json")
        public Output<String> json;
        @Import(name = "text")
        public Output<String> text;

        public static Binding of(String name, String type) {
            Binding b = new Binding();
            b.name = Output.of(name);
            b.type = Output.of(type);
            return b;
        }
    }

    /** The migration ({@code WorkersScriptMigrationsArgs}) that creates the SQLite-backed classes. */
    @SchemaType("WorkersScriptMigrationsArgs")
    public static final class Migrations extends ResourceArgs {
        @Import(name = "newTag")
        public Output<String> newTag;
        @Import(name = "newSqliteClasses")
        public Output<List<String>> newSqliteClasses;
    }
}
