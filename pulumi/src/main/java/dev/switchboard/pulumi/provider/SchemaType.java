package dev.switchboard.pulumi.provider;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the provider's input type that a nested argument class of a thin resource class stands for (e.g.
 * {@code RulesetRuleArgs}, {@code webpubsub.EventHandlerArgs}): the schema-extract test checks the class's
 * {@code @Import} names against that type's inputs, as it checks a resource's {@code Args} against the token's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SchemaType {
    /** The type's name in the committed extract of the pinned provider. */
    String value();
}
