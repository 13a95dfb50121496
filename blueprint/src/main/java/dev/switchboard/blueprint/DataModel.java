package dev.switchboard.blueprint;

import java.util.List;

/** The tables of the system. The reference system has one: {@link ConnectionSchema#table()}. */
public record DataModel(List<TableSpec> tables) {
    public DataModel {
        tables = List.copyOf(tables == null ? List.of() : tables);
        if (tables.isEmpty()) {
            throw new BlueprintException("dataModel.tables", "no table", "add the connection table");
        }
        Check.unique("dataModel.tables", tables, TableSpec::id);
    }

    /** The connection table. */
    public TableSpec connections() {
        return tables.stream().filter(t -> t.id().equals(ConnectionSchema.TABLE_ID)).findFirst()
                .orElseThrow(() -> new BlueprintException("dataModel.tables", "no '" + ConnectionSchema.TABLE_ID + "' table",
                        "add ConnectionSchema.table()"));
    }

    public static DataModel reference() {
        return new DataModel(List.of(ConnectionSchema.table()));
    }
}
