package dev.switchboard.lambdas.store;

import static dev.switchboard.blueprint.ConnectionSchema.CURSOR_KEY_PK;
import static dev.switchboard.blueprint.ConnectionSchema.KEY;
import static dev.switchboard.blueprint.ConnectionSchema.KEY_BYTES;
import static dev.switchboard.blueprint.ConnectionSchema.PK;
import static dev.switchboard.lambdas.store.ConnectionRepository.key;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The key that seals member cursors ({@link MemberCursor}): 32 random bytes on the table's one {@code KEY#cursor} /
 * {@code KEY} item, made by the first handler that needs it (a conditional put, so concurrent first uses agree on one)
 * and read with one consistent GetItem per handler instance. It protects connection ids from other members, who can
 * read cursors but not the table; anyone who can read the table can read the ids themselves.
 */
final class CursorKey {
    private static final int BYTES = 32;

    private CursorKey() {
    }

    static SecretKey readOrCreate(DynamoDbClient dynamo, String table) {
        Map<String, AttributeValue> key = key(CURSOR_KEY_PK, KEY);
        for (int attempt = 0; attempt < 3; attempt++) {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
            if (item != null && item.containsKey(KEY_BYTES)) {
                return new SecretKeySpec(item.get(KEY_BYTES).b().asByteArray(), "AES");
            }
            byte[] fresh = new byte[BYTES];
            new SecureRandom().nextBytes(fresh);
            Map<String, AttributeValue> created = new HashMap<>(key);
            created.put(KEY_BYTES, AttributeValue.fromB(SdkBytes.fromByteArray(fresh)));
            try {
                dynamo.putItem(r -> r.tableName(table).item(created).conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", PK)));
                return new SecretKeySpec(fresh, "AES");
            } catch (ConditionalCheckFailedException anotherInstanceWon) {
                // read the winner's key
            }
        }
        throw new IllegalStateException("the cursor key item could neither be read nor created");
    }
}
