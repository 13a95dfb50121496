// The instance's options from its environment, read the same way by the deployed function (api/switchboard.mjs) and
// the local run's instances (local/instance.mjs): SWITCHBOARD (the settings VercelSettings renders; on Vercel the
// Pulumi program sets it on the deployment), JWT_SECRET and REDIS_URL (on Vercel, sensitive project variables).

const NAMES = ["SWITCHBOARD", "JWT_SECRET", "REDIS_URL"];

/** `{config, secret, redisUrl}` for createInstance; a missing variable is named with its fix. */
export function fromEnvironment(env) {
  for (const name of NAMES) {
    if (!env[name]) {
      throw new Error(`${name} is not set: on Vercel the Pulumi program sets SWITCHBOARD on the deployment and`
        + " JWT_SECRET and REDIS_URL on the project (pulumi config set --secret jwtSecret / vercelRedisUrl);"
        + " locally ./switchboard local --platform vercel sets all three");
    }
  }
  return { config: JSON.parse(env.SWITCHBOARD), secret: env.JWT_SECRET, redisUrl: env.REDIS_URL };
}
