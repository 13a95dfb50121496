package dev.switchboard.pulumi.vercel;

import dev.switchboard.blueprint.BlueprintException;

import java.time.Duration;

/**
 * Where the Vercel function goes: what the blueprint cannot know, from the stack's configuration.
 *
 * @param project     the Vercel project's name (lower case letters, digits, '.', '_', '-'; at most 100)
 * @param teamId      the team that owns the project, or null for the token's own scope
 * @param domain      a domain to serve the project on, or null for the project's own vercel.app domain
 * @param maxDuration the function's maximum duration: the project's default function timeout, and the settings'
 *                    {@code maxDurationSeconds} by which the server closes connections first (300 s by default;
 *                    the plan decides the ceiling: https://vercel.com/docs/functions/limitations)
 */
public record VercelTarget(String project, String teamId, String domain, Duration maxDuration) {
    public VercelTarget {
        if (project == null || !project.matches("[a-z0-9._-]{1,100}")) {
            throw new BlueprintException("vercel.project", "'" + project + "' is not a Vercel project name",
                    "set switchboard:vercelProject to lower-case letters, digits, '.', '_' or '-' (at most 100)");
        }
        if (domain != null && !domain.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")) {
            throw new BlueprintException("vercel.domain", "'" + domain + "' is not a host name",
                    "set switchboard:vercelDomain to a host such as ws.example.com, or leave it out");
        }
        if (maxDuration == null || maxDuration.toMillis() % 1000 != 0 || maxDuration.toSeconds() < 10
                || maxDuration.toSeconds() > 800) {
            throw new BlueprintException("vercel.maxDuration", maxDuration + " is not a maximum duration Vercel"
                    + " accepts", "set switchboard:vercelMaxDuration to whole seconds from 10 to 800 (the plan's"
                    + " ceiling: 300 on Hobby, 800 on Pro and Enterprise)");
        }
    }
}
