package dev.switchboard.blueprint;

/** A key attribute of a table or index. */
public record KeyAttribute(String name, Type type) {
    /** DynamoDB scalar key types. */
    public enum Type { S, N, B }

    public KeyAttribute {
        Check.notBlank("key.name", name, "name the key attribute");
        if (type == null) {
            throw new BlueprintException("key." + name + ".type", "must be set", "use S, N or B");
        }
    }

    public static KeyAttribute string(String name) {
        return new KeyAttribute(name, Type.S);
    }
}
