package dev.switchboard.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local API's HS256 secret: random per data directory, made on first use and kept in {@value #FILE_NAME} there
 * (readable by its owner only where the file system has POSIX permissions), so that {@code ./switchboard local} and
 * {@code ./switchboard token} agree without either being told, and a web page cannot mint tokens with a secret that is
 * printed in this repository ({@link DevTokens#DEV_SECRET} stays for tests only). {@code ./switchboard local} without
 * {@code --data-dir} uses {@value #DEFAULT_DIR} under the project root.
 */
public final class DevSecret {
    /** The secret's file in a data directory. */
    public static final String FILE_NAME = "dev-jwt-secret";
    /** The data directory of the secret when the table data stays in memory (relative to the project root). */
    public static final String DEFAULT_DIR = ".switchboard";
    private static final int RANDOM_BYTES = 48;

    private DevSecret() {
    }

    /** The secret of {@code dir} ({@value #FILE_NAME} in it), made now if the directory has none yet. */
    public static String loadOrCreate(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                byte[] random = new byte[RANDOM_BYTES];
                new SecureRandom().nextBytes(random);
                String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    create(file, secret);
                    return secret;
                } catch (FileAlreadyExistsException anotherProcessWon) {
                    // read the winner's below
                }
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.getBytes(StandardCharsets.UTF_8).length < DevTokens.MIN_SECRET_BYTES) {
                throw new IllegalStateException(file + " holds " + secret.length() + " characters; an HS256 secret needs"
                        + " at least " + DevTokens.MIN_SECRET_BYTES + " bytes: delete the file (a new one is made on the"
                        + " next start) or pass --jwt-secret");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the dev secret " + file + ": " + e.getMessage()
                    + " (pass --jwt-secret, or --data-dir with a writable directory)", e);
        }
    }

    /** Writes a private temporary file and links it in place: a concurrent reader never sees a half-written one. */
    private static void create(Path file, String secret) throws IOException {
        Path tmp;
        try {
            tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException noPosix) {
            tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
        }
        try {
            Files.writeString(tmp, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.createLink(file, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
