package dev.switchboard.pulumi;

import com.pulumi.asset.Archive;
import com.pulumi.asset.FileArchive;
import dev.switchboard.blueprint.Blueprint;

import java.util.Objects;

/**
 * What {@link SwitchboardEnvironment} provisions.
 *
 * @param blueprint   the system and its environment ({@code Blueprint.reference(Environments.resolve(..))})
 * @param secrets     the JWT and origin-header secrets, from Pulumi secret config
 * @param handlerCode the handler jar (default: {@link #DEFAULT_HANDLER_JAR}, relative to the Pulumi project
 *                    directory)
 */
public record SwitchboardArgs(Blueprint blueprint, SwitchboardSecrets secrets, Archive handlerCode) {
    /** The shaded handler jar that {@code mvn -pl lambdas -am package} builds. */
    public static final String DEFAULT_HANDLER_JAR = "lambdas/target/switchboard-lambdas.jar";

    public SwitchboardArgs {
        Objects.requireNonNull(blueprint, "blueprint");
        Objects.requireNonNull(secrets, "secrets");
        handlerCode = handlerCode == null ? new FileArchive(DEFAULT_HANDLER_JAR) : handlerCode;
    }

    /** The arguments with the default handler jar. */
    public static SwitchboardArgs of(Blueprint blueprint, SwitchboardSecrets secrets) {
        return new SwitchboardArgs(blueprint, secrets, null);
    }
}
