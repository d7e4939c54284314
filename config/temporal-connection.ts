import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

/**
 * How the API and the worker reach Temporal, from the environment (the variable names of Temporal's own CLI and SDK
 * environment configuration): a dev server, a self-hosted cluster (mTLS) or Temporal Cloud (mTLS or an API key).
 *
 *   TEMPORAL_ADDRESS                    host:port (default localhost:7233)
 *   TEMPORAL_NAMESPACE                  namespace (default "default")
 *   TEMPORAL_TLS                        "true" for TLS without a client certificate (implied by the settings below)
 *   TEMPORAL_TLS_CLIENT_CERT_PATH/_KEY_PATH   mTLS client certificate and key (PEM files)
 *   TEMPORAL_TLS_SERVER_CA_CERT_PATH    CA of the server's certificate, when the system does not trust it
 *   TEMPORAL_TLS_SERVER_NAME            SNI / host name to verify, when it differs from the address
 *   TEMPORAL_API_KEY                    Temporal Cloud API key (sent as a bearer token over TLS)
 */
export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  tls?: TLSConfig | true;
  apiKey?: string;
}

/** Connection settings from `env`; a half-given certificate pair or an unreadable file throws at boot. */
export function temporalConnectionSettings(env: NodeJS.ProcessEnv = process.env): TemporalConnectionSettings {
  const settings: TemporalConnectionSettings = {
    address: env.TEMPORAL_ADDRESS || 'localhost:7233',
    namespace: env.TEMPORAL_NAMESPACE || 'default',
  };
  const cert = env.TEMPORAL_TLS_CLIENT_CERT_PATH;
  const key = env.TEMPORAL_TLS_CLIENT_KEY_PATH;
  if (!cert !== !key)
    throw new Error('set both TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH, or neither');
  const tls: TLSConfig = {};
  if (cert && key) tls.clientCertPair = { crt: readFileSync(cert), key: readFileSync(key) };
  if (env.TEMPORAL_TLS_SERVER_CA_CERT_PATH)
    tls.serverRootCACertificate = readFileSync(env.TEMPORAL_TLS_SERVER_CA_CERT_PATH);
  if (env.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = env.TEMPORAL_TLS_SERVER_NAME;
  if (env.TEMPORAL_API_KEY) settings.apiKey = env.TEMPORAL_API_KEY;
  if (Object.keys(tls).length > 0) settings.tls = tls;
  else if (settings.apiKey || env.TEMPORAL_TLS === 'true') settings.tls = true;
  return settings;
}

/** What is safe to log about the settings (never the key or the certificates). */
export function describeConnection(s: TemporalConnectionSettings): Record<string, unknown> {
  return { address: s.address, namespace: s.namespace, tls: Boolean(s.tls), apiKey: Boolean(s.apiKey) };
}
