import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureOf } from '../../activities/channels/webhook';

/** One request as the receiver saw it. */
export interface ReceivedHook {
  key: string;
  body: string;
  signed: boolean;
  status: number;
  at: number;
}

/**
 * A site's webhook receiver on a loopback port, as a careful receiver is written: it checks the signature and keeps
 * each Idempotency-Key once. `answer` decides each request's status (e.g. 503 while "down"); `onRequest` runs before
 * the answer (e.g. to kill the worker between the send and its record).
 */
export async function startWebhookReceiver(
  secret: string,
  opts: { answer?: (n: number) => number; onRequest?: (hook: ReceivedHook) => Promise<void> | void } = {},
) {
  const requests: ReceivedHook[] = [];
  const accepted = new Map<string, string>(); // key -> body: what the receiver acted on, once per key
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = String(req.headers['idempotency-key'] ?? '');
      const status = opts.answer?.(requests.length + 1) ?? 200;
      const hook = {
        key,
        body,
        signed: req.headers['x-signature'] === signatureOf(body, secret),
        status,
        at: Date.now(),
      };
      requests.push(hook);
      await opts.onRequest?.(hook);
      if (status < 300 && hook.signed && !accepted.has(key)) accepted.set(key, body);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/escalations`;
  return {
    url,
    requests,
    accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Expects the receiver got `attempts` requests that are one delivery retried: the same Idempotency-Key, the same body
 * byte for byte, each with a valid signature, and acted on exactly once.
 */
export function expectOneDeliveryRetried(
  hooks: { requests: Array<{ key?: string; body: string; signed: boolean }>; accepted: { size: number } },
  attempts: number,
): void {
  expect(hooks.requests).toHaveLength(attempts);
  expect(new Set(hooks.requests.map((r) => r.key)).size).toBe(1);
  expect(new Set(hooks.requests.map((r) => r.body)).size).toBe(1);
  expect(hooks.requests.every((r) => r.signed)).toBe(true);
  expect(hooks.accepted.size).toBe(1);
}
