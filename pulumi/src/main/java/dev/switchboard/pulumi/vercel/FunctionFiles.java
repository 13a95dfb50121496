package dev.switchboard.pulumi.vercel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The function's files as a {@code vercel:index/deployment:Deployment} takes them: every module of
 * {@value #FUNCTION_DIR} and every module they import by a relative path (the Worker's shared modules under
 * cloudflare/src/worker), each keyed by its path from the repository root (where Pulumi runs the program and the
 * provider reads the files) with the value {@code <size>~<sha1 hex>}, the form the provider's file data sources give
 * (pulumiverse/terraform-provider-vercel, data source {@code vercel_file}). Packages ({@code ws}, {@code ioredis})
 * are not files here: Vercel installs them at build time.
 */
public final class FunctionFiles {
    public static final String FUNCTION_DIR = "vercel/src/function";
    private static final Pattern RELATIVE_IMPORT = Pattern.compile(
            "(?:from|import)\\s*\\(?\\s*[\"'](\\.{1,2}/[^\"']+)[\"']");

    private FunctionFiles() {
    }

    /** The files under {@code root}, path to {@code size~sha1}, sorted by path. */
    public static Map<String, String> of(Path root) {
        Path base = root.toAbsolutePath().normalize();
        Map<String, String> out = new TreeMap<>();
        Deque<Path> todo = new ArrayDeque<>();
        try (Stream<Path> s = Files.list(base.resolve(FUNCTION_DIR))) {
            s.filter(p -> p.toString().endsWith(".mjs")).sorted().forEach(todo::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base.resolve(FUNCTION_DIR), e);
        }
        while (!todo.isEmpty()) {
            Path p = todo.pop().normalize();
            if (!p.startsWith(base)) {
                throw new IllegalStateException(p + " is imported by the function but lies outside " + base);
            }
            String key = base.relativize(p).toString().replace('\\', '/');
            if (out.containsKey(key)) {
                continue;
            }
            byte[] content;
            try {
                content = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new UncheckedIOException("the function imports " + key + ", which cannot be read", e);
            }
            out.put(key, content.length + "~" + sha1(content));
            Matcher m = RELATIVE_IMPORT.matcher(new String(content, java.nio.charset.StandardCharsets.UTF_8));
            while (m.find()) {
                todo.add(p.getParent().resolve(m.group(1)));
            }
        }
        return out;
    }

    private static String sha1(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
