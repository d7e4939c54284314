import { z } from 'zod';

/**
 * Every environment variable the API, the worker and the activities read, with its form, in one schema (the README's
 * Configuration table explains each). An empty value counts as unset. `readEnv` checks them all at start, so a bad
 * value stops the process with the variable named instead of failing later, or silently falling back, at first use.
 */
const optional = z.string().min(1).optional();
/** A TCP port; `min` 0 lets the system choose a free one (the API's PORT=0, as tests do). */
const portFrom = (min: 0 | 1) => {
  const expected = `expected a port number (${min}–65535)`;
  return z
    .string()
    .regex(/^\d+$/, expected)
    .transform(Number)
    .refine((n) => n >= min && n <= 65535, expected);
};
const flag = z.enum([
  '1',
  '0',
  'true',
  'false',
  'yes',
  'no',
  'TRUE',
  'FALSE',
  'YES',
  'NO',
  'True',
  'False',
  'Yes',
  'No',
]);

export const EnvSchema = z.object({
  NODE_ENV: optional,
  PORT: portFrom(0).default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DATA_DIR: optional,
  TASK_QUEUE: z.string().min(1).default('procedures'),
  CONFIG_DIR: optional,
  SITE_POLICY: optional,
  CHANNELS_CONFIG: optional,
  JWT_SECRET: optional,
  /** How long the acknowledge link in an escalation message stays valid after the escalation (ISO-8601, e.g. PT24H). */
  ACK_LINK_TTL: z
    .string()
    .regex(
      /^P(?!$)(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/,
      'expected an ISO-8601 duration such as PT24H or P2D',
    )
    .refine((s) => !/^P(?:0D)?(?:T(?:0H)?(?:0M)?(?:0S)?)?$/.test(s), 'expected a duration longer than zero')
    .optional(),
  UI_DIST: optional,
  APP_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).default('http://localhost:8080'),
  MAIL_LANG: z.enum(['zh-CN', 'en'], { error: 'expected zh-CN or en' }).default('zh-CN'),
  SMTP_HOST: optional,
  SMTP_PORT: portFrom(1).optional(),
  SMTP_SECURE: flag.optional(),
  SMTP_USER: optional,
  SMTP_PASS: z.string().optional(),
  SMTP_FROM: optional,
  WORKFLOW_BUNDLE: optional,
  WORKER_MAX_CACHED_WORKFLOWS: z
    .string()
    .regex(/^\d+$/, 'expected a whole number of cases (0 or more)')
    .transform(Number)
    .optional(),
  /** The worker's health (and /metrics) HTTP port; no health server when unset (docs/production.md, "Health"). */
  WORKER_HEALTH_PORT: portFrom(0).optional(),
  /** When set, GET /api/metrics wants `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: optional,
  /** host:port where the worker serves the Temporal SDK's own Prometheus metrics; off when unset. */
  TEMPORAL_METRICS_ADDRESS: optional,
  TEMPORAL_ADDRESS: optional,
  TEMPORAL_NAMESPACE: optional,
  TEMPORAL_TLS: z.enum(['true', 'false'], { error: 'expected true or false' }).optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: optional,
  TEMPORAL_TLS_CLIENT_KEY_PATH: optional,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optional,
  TEMPORAL_TLS_SERVER_NAME: optional,
  TEMPORAL_API_KEY: optional,
  TEMPORAL_TLS_CLIENT_CERT_DATA: optional,
  TEMPORAL_TLS_CLIENT_KEY_DATA: optional,
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: optional,
  /** The Temporal CLI's profile file and the profile in it (config/temporal-connection.ts). */
  TEMPORAL_CONFIG_FILE: optional,
  TEMPORAL_PROFILE: optional,
  /**
   * With a records database: which case attributes go to Temporal's visibility at each change. `status` (default):
   * the start's fixed ones (procedure, site, number, …) and the status, since the records serve lists, inbox and
   * reports; `full`: also state, deadlines, roles and escalations at every step and rung, for Temporal's own UI (a
   * visibility write per change, about 4 ms of the server's CPU per step in the bench). Without records: always full.
   */
  CASE_VISIBILITY: z.enum(['status', 'full'], { error: 'expected status or full' }).optional(),
  PDF_FONT: optional,
  PDF_FONT_FAMILY: optional,
});
export type Env = z.infer<typeof EnvSchema>;

/** A configuration file or environment variable that keeps the app from starting; the message names what and where. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The environment checked against {@link EnvSchema} (variables the app does not read are ignored).
 *
 * @throws ConfigError naming every bad variable, its value (not for secrets) and what is expected, e.g.
 *   `environment variable PORT: expected a port number (0–65535), got "80a"`.
 */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.shape).flatMap((name) => (source[name] ? [[name, source[name]]] : [])),
  );
  const parsed = EnvSchema.safeParse(known);
  if (parsed.success) return parsed.data;
  const secret = /SECRET|PASS|KEY/;
  throw new ConfigError(
    parsed.error.issues
      .map((issue) => {
        const name = String(issue.path[0]);
        const got = secret.test(name) ? '' : `, got ${JSON.stringify(known[name])}`;
        return `environment variable ${name}: ${issue.message}${got}`;
      })
      .join('\n'),
  );
}

/**
 * The process environment as it is, for the few readers that take a whole environment as a parameter (so tests can
 * hand them another) and for names the config files give (a panel's `secretEnv`). Only config/ reads process.env.
 */
export const rawEnv = (): NodeJS.ProcessEnv => process.env;

/** The value of the variable a config file names for a secret (e.g. a panel's `secretEnv`), undefined when unset. */
export const secretFromEnv = (name: string): string | undefined => process.env[name] || undefined;
