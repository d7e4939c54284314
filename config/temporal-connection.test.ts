import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectionOptions, describeConnection, temporalConnectionSettings } from './temporal-connection';

describe('Temporal connection settings from the environment', () => {
  it('defaults to a local dev server without TLS', () => {
    expect(temporalConnectionSettings({})).toEqual({ address: 'localhost:7233', namespace: 'default' });
  });

  it('reads an mTLS pair, a server CA and a server name (Temporal Cloud with certificates, or self-hosted)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'procwf-tls-'));
    for (const name of ['client.pem', 'client.key', 'ca.pem']) writeFileSync(path.join(dir, name), `-- ${name} --`);
    const s = temporalConnectionSettings({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'client.pem'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: path.join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(s.address).toBe('ns.acct.tmprl.cloud:7233');
    expect(s.namespace).toBe('ns.acct');
    expect(s.tls).toEqual({
      clientCertPair: { crt: Buffer.from('-- client.pem --'), key: Buffer.from('-- client.key --') },
      serverRootCACertificate: Buffer.from('-- ca.pem --'),
      serverNameOverride: 'temporal.internal',
    });
    expect(describeConnection(s)).toEqual({
      address: 'ns.acct.tmprl.cloud:7233',
      namespace: 'ns.acct',
      tls: true,
      apiKey: false,
    });
  });

  it('turns TLS on for an API key, and never logs the key', () => {
    const s = temporalConnectionSettings({
      TEMPORAL_API_KEY: 'secret-key',
      TEMPORAL_ADDRESS: 'eu.aws.api.temporal.io:7233',
    });
    expect(s).toMatchObject({ tls: true, apiKey: 'secret-key' });
    expect(JSON.stringify(describeConnection(s))).not.toContain('secret-key');
    expect(temporalConnectionSettings({ TEMPORAL_TLS: 'true' }).tls).toBe(true);
  });

  it('refuses half a certificate pair', () => {
    expect(() => temporalConnectionSettings({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/x.pem' })).toThrow(/both/);
  });

  it("reads the Temporal CLI's profile file, which the variables override", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'procwf-profile-'));
    writeFileSync(path.join(dir, 'ca.pem'), '-- ca --');
    const file = path.join(dir, 'temporal.toml');
    writeFileSync(
      file,
      [
        '[profile.default]',
        'address = "localhost:7233"',
        '[profile.prod]',
        'address = "temporal.site-group.internal:7233"',
        'namespace = "procedures"',
        '[profile.prod.tls]',
        `server_ca_cert_path = "${path.join(dir, 'ca.pem')}"`,
        '[profile.prod.grpc_meta]',
        'x-site-group = "east"',
      ].join('\n'),
    );
    const prod = temporalConnectionSettings({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' });
    expect(prod).toEqual({
      address: 'temporal.site-group.internal:7233',
      namespace: 'procedures',
      tls: { serverRootCACertificate: Buffer.from('-- ca --') },
      metadata: { 'x-site-group': 'east' },
    });
    expect(connectionOptions(prod)).toMatchObject({ metadata: { 'x-site-group': 'east' } });
    // A variable beats the profile; an empty one counts as unset.
    const overridden = temporalConnectionSettings({
      TEMPORAL_CONFIG_FILE: file,
      TEMPORAL_PROFILE: 'prod',
      TEMPORAL_NAMESPACE: 'drill',
      TEMPORAL_ADDRESS: '',
      TEMPORAL_TLS: 'false',
    });
    expect(overridden).toEqual({
      address: 'temporal.site-group.internal:7233',
      namespace: 'drill',
      metadata: { 'x-site-group': 'east' },
    });
    // Without TEMPORAL_PROFILE the file's default profile.
    expect(temporalConnectionSettings({ TEMPORAL_CONFIG_FILE: file })).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
    });
    expect(() => temporalConnectionSettings({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'staging' })).toThrow(
      /Profile 'staging' not found/,
    );
  });
});
