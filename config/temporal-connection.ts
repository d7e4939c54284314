import type { TLSConfig } from '@temporalio/client';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';

/**
 * How the API and the worker reach Temporal: a dev server, a self-hosted cluster (mTLS) or Temporal Cloud (mTLS or an
 * API key). Read by the SDK's own environment configuration (`@temporalio/envconfig`), so the variables and the
 * profile file are those of the Temporal CLI and every other Temporal SDK:
 *
 *   TEMPORAL_ADDRESS                    host:port (default localhost:7233)
 *   TEMPORAL_NAMESPACE                  namespace (default "default")
 *   TEMPORAL_TLS                        "true" for TLS without a client certificate (implied by the settings below),
 *                                       "false" to turn off TLS a profile asks for
 *   TEMPORAL_TLS_CLIENT_CERT_PATH/_KEY_PATH   mTLS client certificate and key (PEM files; or _DATA: the PEM text)
 *   TEMPORAL_TLS_SERVER_CA_CERT_PATH    CA of the server's certificate, when the system does not trust it (or _DATA)
 *   TEMPORAL_TLS_SERVER_NAME            SNI / host name to verify, when it differs from the address
 *   TEMPORAL_API_KEY                    Temporal Cloud API key (sent as a bearer token over TLS)
 *   TEMPORAL_GRPC_META_<NAME>           a gRPC header sent with every call
 *   TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE   the profile file (default ~/.config/temporalio/temporal.toml, which the
 *                                       Temporal CLI's `temporal config set` writes) and the profile in it (default
 *                                       "default"); the variables above override the profile's values
 */
export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  tls?: TLSConfig | true;
  apiKey?: string;
  /** gRPC headers sent with every call (the profile's grpc_meta, TEMPORAL_GRPC_META_*). */
  metadata?: Record<string, string>;
}

/**
 * Connection settings from `env` (and the profile file it points to, see {@link TemporalConnectionSettings}); an empty
 * variable counts as unset, as for every other variable of the app.
 *
 * @throws Error for a half-given certificate pair, an unreadable certificate or profile file, or a TEMPORAL_PROFILE the
 *   file does not have — at boot, before anything connects.
 */
export function temporalConnectionSettings(env: NodeJS.ProcessEnv = process.env): TemporalConnectionSettings {
  const overrideEnvVars = Object.fromEntries(
    Object.entries(env).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && (e[1] !== '' || e[0].startsWith('TEMPORAL_GRPC_META_')),
    ),
  );
  const profile = loadClientConfigProfile({ overrideEnvVars });
  const { tls: profileTls } = profile;
  const cert = profileTls?.clientCert;
  const key = profileTls?.clientKey;
  if (!cert !== !key)
    throw new Error(
      'set both TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (or both _DATA, or both in the profile), or neither',
    );
  const { connectionOptions, namespace } = toClientOptions(profile);
  const settings: TemporalConnectionSettings = {
    address: connectionOptions.address || 'localhost:7233',
    namespace: namespace || 'default',
  };
  if (profile.apiKey) settings.apiKey = profile.apiKey;
  if (profile.grpcMeta && Object.keys(profile.grpcMeta).length > 0) settings.metadata = profile.grpcMeta;
  const tls = definedTls(connectionOptions.tls);
  if (tls) settings.tls = tls;
  return settings;
}

/**
 * The SDK's TLS option without its unset fields: `true` for TLS with nothing configured (TEMPORAL_TLS=true, an API
 * key), undefined for no TLS.
 */
function definedTls(tls: TLSConfig | boolean | null | undefined): TLSConfig | true | undefined {
  if (!tls) return undefined;
  if (tls === true) return true;
  const defined = Object.fromEntries(Object.entries(tls).filter(([, v]) => v !== undefined)) as TLSConfig;
  return Object.keys(defined).length > 0 ? defined : true;
}

/** The options of `Connection.connect` and `NativeConnection.connect` for these settings. */
export function connectionOptions(s: TemporalConnectionSettings): {
  address: string;
  tls?: TLSConfig | true;
  apiKey?: string;
  metadata?: Record<string, string>;
} {
  return { address: s.address, tls: s.tls, apiKey: s.apiKey, metadata: s.metadata };
}

/** What is safe to log about the settings (never the key, the certificates or the gRPC headers' values). */
export function describeConnection(s: TemporalConnectionSettings): Record<string, unknown> {
  return { address: s.address, namespace: s.namespace, tls: Boolean(s.tls), apiKey: Boolean(s.apiKey) };
}
