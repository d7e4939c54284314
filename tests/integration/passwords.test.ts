import { Client, Connection } from '@temporalio/client';
import { execFile, spawn } from 'node:child_process';
import { scryptSync } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import request from 'supertest';
import { fileUpgradedHashes, fingerprintOf, type UpgradedHashes } from '../../api/auth/password';
import { createApp } from '../../api/app';
import {
  hashPassword,
  loadConfig,
  needsRehash,
  PASSWORD_HASH,
  verifyPassword,
  verifyPasswordSync,
  type AppConfig,
  type User,
} from '../../config';
import { lazyArchive, type UpgradedHash } from '../../records';
import { useTempDataDir } from '../support/app-worker';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { repoRoot } from '../support/process';

// Issue 22 point 8: passwords are argon2id at OWASP's cost in the PHC format; the older `scrypt$salt$hash` of
// config/users.yaml still signs in and is replaced by an argon2id hash at the first sign-in, kept beside users.yaml
// (the records database, else DATA_DIR/password-hashes.json) — once.

/** What users.yaml held before: scrypt at Node's default cost, `scrypt$<salt b64>$<hash b64>`. */
const legacyHash = (password: string) => {
  const salt = Buffer.from('0123456789abcdef');
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, 32).toString('base64')}`;
};
const site = 'xinghe-mall';
const userWith = (id: string, password: string): User => ({ id, name: id, password, roles: { [site]: ['gm'] } });

/** A store that counts its writes around another. */
function counted(inner: UpgradedHashes) {
  const puts: UpgradedHash[] = [];
  const store: UpgradedHashes = {
    get: (id) => inner.get(id),
    put: async (entry) => {
      puts.push(entry);
      await inner.put(entry);
    },
  };
  return { store, puts };
}

// A client that never connects: signing in does not reach Temporal.
const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
const signIn = (app: ReturnType<typeof createApp>, username: string, password: string) =>
  request(app).post('/api/auth/login').send({ username, password });

describe('password hashes', () => {
  it('are argon2id PHC strings at OWASP’s cost, each with its own salt', async () => {
    const [a, b] = await Promise.all([hashPassword('demo123'), hashPassword('demo123')]);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(a).toMatch(PASSWORD_HASH);
    expect(await verifyPassword('demo123', a)).toBe(true);
    expect(await verifyPassword('demo124', a)).toBe(false);
    expect(verifyPasswordSync('demo123', a)).toBe(true);
    expect(needsRehash(a)).toBe(false);
  });

  it('still verify in the older scrypt form, which always needs a rehash, as does argon2id below today’s cost', async () => {
    const old = legacyHash('demo123');
    expect(old).toMatch(PASSWORD_HASH);
    expect(await verifyPassword('demo123', old)).toBe(true);
    expect(await verifyPassword('demo12', old)).toBe(false);
    expect(verifyPasswordSync('demo123', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    const cheap = (await hashPassword('demo123')).replace('m=19456,t=2', 'm=19456,t=1');
    expect(needsRehash(cheap)).toBe(true);
  });

  it('never verify a malformed hash, nor a hash given as the password', async () => {
    for (const stored of ['', 'scrypt$', 'scrypt$x$', '$argon2id$v=19$nonsense', 'demo123'])
      expect(await verifyPassword('demo123', stored)).toBe(false);
    const hash = await hashPassword('demo123');
    expect(await verifyPassword(hash, hash)).toBe(false);
  });
});

describe('signing in with old and new hashes (upgrades kept in DATA_DIR/password-hashes.json)', () => {
  let config: AppConfig;
  let app: ReturnType<typeof createApp>;
  let file: string;
  let puts: UpgradedHash[];

  beforeAll(async () => {
    const dataDir = useTempDataDir();
    file = path.join(dataDir, 'password-hashes.json');
    config = loadConfig();
    config.users.set('old', userWith('old', legacyHash('old-password')));
    config.users.set('new', userWith('new', await hashPassword('new-password')));
    const store = counted(fileUpgradedHashes(file));
    puts = store.puts;
    app = createApp({ client, config, logger: pino({ level: 'silent' }), passwordHashes: store.store });
  });

  it('signs in a user whose users.yaml hash is argon2id, storing nothing', async () => {
    await signIn(app, 'new', 'new-password').expect(200);
    expect((await signIn(app, 'new', 'wrong')).status).toBe(401);
    expect(puts).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('signs in a user with the older scrypt hash and upgrades it once, in a file only the app reads', async () => {
    expect((await signIn(app, 'old', 'wrong')).status).toBe(401);
    expect(puts).toEqual([]); // a wrong password upgrades nothing
    await signIn(app, 'old', 'old-password').expect(200);
    expect(puts).toHaveLength(1);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { hash: string; replaces: string }>;
    expect(Object.keys(stored)).toEqual(['old']);
    expect(stored.old!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.old!.replaces).toBe(fingerprintOf(config.users.get('old')!.password));
    expect(await verifyPassword('old-password', stored.old!.hash)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Later sign-ins check the upgraded hash and store nothing more.
    await signIn(app, 'old', 'old-password').expect(200);
    await signIn(app, 'old', 'old-password').expect(200);
    expect((await signIn(app, 'old', 'wrong')).status).toBe(401);
    expect(puts).toHaveLength(1);
  });

  it('lets users.yaml win again when an administrator sets a new hash there', async () => {
    config.users.set('old', userWith('old', await hashPassword('reset-by-admin')));
    expect((await signIn(app, 'old', 'old-password')).status).toBe(401);
    await signIn(app, 'old', 'reset-by-admin').expect(200);
    expect(puts).toHaveLength(1);
  });

  it('answers an unknown user as a wrong password', async () => {
    const unknown = await signIn(app, 'nobody', 'new-password');
    const wrong = await signIn(app, 'new', 'not-it');
    expect([unknown.status, unknown.body.type]).toEqual([wrong.status, wrong.body.type]);
  });

  it('signs in when the store cannot be written, and upgrades at a later sign-in', async () => {
    config.users.set('flaky', userWith('flaky', legacyHash('flaky-password')));
    const inner = fileUpgradedHashes(file);
    let failing = true;
    const store = counted({
      get: (id) => inner.get(id),
      put: async (entry) => {
        if (failing) throw new Error('disk full');
        await inner.put(entry);
      },
    });
    const flakyApp = createApp({ client, config, logger: pino({ level: 'silent' }), passwordHashes: store.store });
    await signIn(flakyApp, 'flaky', 'flaky-password').expect(200);
    failing = false;
    await signIn(flakyApp, 'flaky', 'flaky-password').expect(200);
    await signIn(flakyApp, 'flaky', 'flaky-password').expect(200);
    expect(store.puts).toHaveLength(2); // the failed attempt, then the one that stuck
    expect((await inner.get('flaky'))?.hash).toMatch(/^\$argon2id\$/);
  });
});

describe('signing in with an old hash when a records database is configured', () => {
  let pg: TestPostgres;
  const records = () => lazyArchive(pg.url);
  let access: ReturnType<typeof records>;

  beforeAll(async () => {
    useTempDataDir();
    pg = await startTestPostgres();
    access = records();
  }, 120_000);
  afterAll(async () => {
    await access?.close();
    await pg?.destroy();
  });

  it('keeps the upgraded hash in the password_hashes table, made once', async () => {
    const config = loadConfig();
    config.users.set('old', userWith('old', legacyHash('old-password')));
    // The default store of an app with records: the database, not DATA_DIR.
    const app = createApp({ client, config, logger: pino({ level: 'silent' }), records: access });
    await signIn(app, 'old', 'old-password').expect(200);
    const first = await (await access.passwordHashes!()).get('old');
    expect(first).toEqual({
      userId: 'old',
      hash: expect.stringMatching(/^\$argon2id\$/),
      replaces: expect.any(String),
    });
    await signIn(app, 'old', 'old-password').expect(200);
    expect(await (await access.passwordHashes!()).get('old')).toEqual(first); // not made again
    expect(existsSync(path.join(process.env.DATA_DIR!, 'password-hashes.json'))).toBe(false);
    // A second API process (same database) finds it too.
    const other = records();
    try {
      expect(await (await other.passwordHashes!()).get('old')).toEqual(first);
    } finally {
      await other.close();
    }
  });
});

describe('npm run hash-password', () => {
  const run = promisify(execFile);
  const script = [
    path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
    path.join(repoRoot, 'scripts', 'hash-password.ts'),
  ];

  it('hashes a password piped on stdin', async () => {
    const child = run(script[0]!, [script[1]!]);
    child.child.stdin!.end('piped secret\n');
    const { stdout } = await child;
    const hash = stdout.trim();
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('piped secret', hash)).toBe(true);
  }, 30_000);

  it('asks twice on a terminal and shows nothing of what is typed', async () => {
    // A pseudo-terminal by util-linux's `script`: its line discipline would echo the password unless the script
    // turns echo off before it is typed (each entry is typed only once its prompt is out).
    const tty = spawn('script', ['-q', '-e', '-c', script.join(' '), '/dev/null']);
    let out = '';
    tty.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (/(password|again): $/.test(out)) tty.stdin.write('tty secret\r');
    });
    const code = await new Promise((resolve) => tty.on('exit', resolve));
    tty.stdin.destroy();
    expect(code).toBe(0);
    expect(out).toMatch(/^password: \r?\nagain: \r?\n\$argon2id\$/);
    expect(out).not.toContain('tty secret');
    expect(await verifyPassword('tty secret', out.split(/\r?\n/)[2]!)).toBe(true);
  }, 30_000);

  it('refuses a password given as an argument (shell history) and an empty one', async () => {
    await expect(run(script[0]!, [script[1]!, 'demo123'])).rejects.toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('takes no argument'),
    });
    const empty = run(script[0]!, [script[1]!]);
    empty.child.stdin!.end('\n');
    await expect(empty).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('empty password') });
  }, 30_000);
});
