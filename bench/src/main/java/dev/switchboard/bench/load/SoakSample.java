package dev.switchboard.bench.load;

/**
 * One sample of the soak: {@code seconds} since the churn began; the server's resident memory and open file
 * descriptors (its process tree without dynalite, {@link ProcessMemory}); the connections the harness holds open; and,
 * for a server with a DynamoDB table, the table's items ({@link ConnectionTableCount}), or -1 for none.
 */
record SoakSample(double seconds, long rssBytes, long openFds, int liveConnections, long tableItems,
                  long connectionRecords, long roomCountBuckets, long reconnections) {
}
