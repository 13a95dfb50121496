package dev.switchboard.cdk;

import dev.switchboard.blueprint.BlueprintException;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.constructs.IConstruct;

/** Helpers shared by the constructs: the concrete region and account of the enclosing stack. */
final class Regional {
    private Regional() {
    }

    /** The enclosing stack's region; Switchboard's constructs need a concrete one (multi-region ARNs, replicas). */
    static String region(IConstruct c) {
        String r = Stack.of(c).getRegion();
        if (Token.isUnresolved(r)) {
            throw new BlueprintException("stack.env.region", "the stack " + Stack.of(c).getStackName()
                    + " has no concrete region", "create the stack with env(Environment.builder().account(..)"
                    + ".region(..)) from the blueprint's environment");
        }
        return r;
    }

    /** Construct id for a route key: {@code $connect} becomes {@code Connect}, {@code join} becomes {@code Join}. */
    static String idOf(String key) {
        String k = key.replace("$", "");
        StringBuilder b = new StringBuilder();
        boolean up = true;
        for (char ch : k.toCharArray()) {
            if (Character.isLetterOrDigit(ch)) {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            } else {
                up = true;
            }
        }
        return b.toString();
    }
}
