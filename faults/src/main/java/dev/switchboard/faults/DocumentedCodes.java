package dev.switchboard.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error codes docs/protocol.md documents: the first column of the table under its {@code ## Errors} heading. A
 * fault run counts every other code a client sees as a violation, so the document, not a copy of it, is the contract.
 */
final class DocumentedCodes {
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)` \\|");

    private DocumentedCodes() {
    }

    static Set<String> read(Path protocolDoc) {
        try {
            Set<String> codes = new TreeSet<>();
            boolean inErrors = false;
            for (String line : Files.readAllLines(protocolDoc)) {
                if (line.startsWith("## ")) {
                    inErrors = line.trim().equals("## Errors");
                    continue;
                }
                Matcher m = ROW.matcher(line);
                if (inErrors && m.find()) {
                    codes.add(m.group(1));
                }
            }
            if (codes.isEmpty()) {
                throw new IllegalStateException(protocolDoc + " has no error table under '## Errors'");
            }
            return codes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + protocolDoc, e);
        }
    }
}
