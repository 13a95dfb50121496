package dev.switchboard.cost;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the blueprint is deployed: {@code --platform aws} (the default), {@code cloudflare}, {@code azure} or
 * {@code vercel}; the order is the order of {@code --compare}'s columns.
 */
public enum Platform {
    AWS("aws", "AWS"),
    CLOUDFLARE("cloudflare", "Cloudflare"),
    AZURE("azure", "Azure"),
    VERCEL("vercel", "Vercel");

    private final String flag;
    private final String label;

    Platform(String flag, String label) {
        this.flag = flag;
        this.label = label;
    }

    public String flag() {
        return flag;
    }

    /** The name the comparison's column carries. */
    public String label() {
        return label;
    }

    /** The platform {@code --platform} names, or a usage error that lists the values. */
    public static Platform parse(String value) {
        for (Platform p : values()) {
            if (p.flag.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new CostUsageException("--platform: unknown platform '" + value + "'. Fix: use one of "
                + Arrays.stream(values()).map(Platform::flag).collect(Collectors.joining(", "))
                + ", or --compare for all of them side by side");
    }
}
