package dev.switchboard.azure.store;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Opens the Switchboard table, and the few Table Storage calls the stores share (absent entities as empty, 404s). */
public final class Tables {
    /** Table names: 3 to 63 letters and digits, starting with a letter (Table Storage's rule). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,62}");

    private Tables() {
    }

    /**
     * The table {@code name} in the account of {@code connectionString}, created when missing (once, at start-up).
     *
     * @throws IllegalArgumentException if {@code name} is not a valid table name
     */
    public static TableClient open(String connectionString, String name) {
        return open(connectionString, name, List.of());
    }

    /**
     * The table {@code name}, as {@link #open(String, String)}, with {@code policies} added to its HTTP pipeline (each
     * sees every request the stores make to the Table service: a request log, a transaction count).
     *
     * @throws IllegalArgumentException if {@code name} is not a valid table name
     */
    public static TableClient open(String connectionString, String name, List<HttpPipelinePolicy> policies) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("table name '" + name + "' is invalid: use 3-63 letters and digits,"
                    + " starting with a letter");
        }
        TableServiceClientBuilder builder = new TableServiceClientBuilder().connectionString(connectionString);
        policies.forEach(builder::addPolicy);
        TableServiceClient service = builder.buildClient();
        service.createTableIfNotExists(name);
        return service.getTableClient(name);
    }

    static Optional<TableEntity> get(TableClient table, String pk, String rk) {
        try {
            return Optional.of(table.getEntity(pk, rk));
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Deletes the entity; false when it was not there or another request deleted it first. (A plain delete cannot
     * tell: the SDK treats a 404 on delete as success, so this reads the entity and deletes it on its ETag.)
     */
    static boolean delete(TableClient table, String pk, String rk) {
        Optional<TableEntity> current = get(table, pk, rk);
        if (current.isEmpty()) {
            return false;
        }
        try {
            table.deleteEntityWithResponse(current.get(), true, null, null);
            return true;
        } catch (TableServiceException e) {
            int status = e.getResponse().getStatusCode();
            if (status == 404 || status == 412) {
                return false;
            }
            throw e;
        }
    }

    /** Creates the entity; false when one with its keys exists. */
    static boolean create(TableClient table, TableEntity entity) {
        try {
            table.createEntity(entity);
            return true;
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** The rows of partition {@code pk} whose row keys start with {@code prefix}, in key order (one partition). */
    static Iterable<TableEntity> withPrefix(TableClient table, String pk, String prefix, List<String> select) {
        String upper = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
        return range(table, pk, prefix, upper, select);
    }

    /** The rows of partition {@code pk} with {@code from <= RowKey < to} (to may be null: no bound). */
    static Iterable<TableEntity> range(TableClient table, String pk, String from, String to, List<String> select) {
        String filter = "PartitionKey eq " + StoreKeys.literal(pk) + " and RowKey ge " + StoreKeys.literal(from)
                + (to == null ? "" : " and RowKey lt " + StoreKeys.literal(to));
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter);
        if (select != null) {
            options.setSelect(select);
        }
        return table.listEntities(options, null, null);
    }
}
