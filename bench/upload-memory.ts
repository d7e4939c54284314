import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { useTempDataDir } from '../tests/support/app-worker';
import { DevServer } from '../tests/support/dev-server';
import { freePort } from '../tests/support/process';
import { loadAverage, rssMb, startChild, type Child } from './processes';
import { apiAs } from '../tests/support/http-api';

// npm run bench:upload -- [MiB,…]: the API process's memory while it takes in one evidence file of each size (issue 17:
// "a 20 MB upload keeps the API's memory flat"). The API, the worker and a dev server run as in `npm run bench`, each in
// its own process; the file is streamed from disk by the client. Two figures for the API, from before the request to
// its answer: its live memory (heap + Buffers after a full collection, sampled inside it by bench/live-memory.cjs) and
// its RSS from /proc. Flat means the live rise does not grow with the file: a server that held the file whole would
// rise by at least its size. RSS also counts garbage not yet collected (V8 frees chunk Buffers in batches), so it rises
// with the file until a collection; it is shown for what a deployment sees. Writes bench/results/upload-memory.json.
const SIZES_MIB = (process.argv[2] ?? '1,5,20').split(',').map(Number);
const SAMPLE_MS = 10;
const SITE = 'chengshi-garden';
const round1 = (x: number) => Math.round(x * 10) / 10;

/** A file that is a PDF by its content (header and trailer), `mib` MiB long, random in between so nothing compresses. */
async function pdfOf(dir: string, mib: number): Promise<{ file: string; sha256: string; bytes: number }> {
  const file = path.join(dir, `evidence-${mib}mib.pdf`);
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n', 'latin1');
  const tail = Buffer.from('\ntrailer <<>>\n%%EOF\n', 'latin1');
  const total = mib * 1024 * 1024;
  let written = 0;
  const write = async (chunk: Buffer) => {
    hash.update(chunk);
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(head);
  while (written < total - tail.length) await write(randomBytes(Math.min(1024 * 1024, total - tail.length - written)));
  await write(tail);
  out.end();
  await once(out, 'finish');
  return { file, sha256: hash.digest('hex'), bytes: written };
}

interface UploadFigure {
  fileMiB: number;
  liveBeforeMb: number;
  livePeakMb: number;
  liveRiseMb: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssRiseMb: number;
  seconds: number;
}

async function main() {
  const dataDir = useTempDataDir();
  const server = await DevServer.start();
  const children: Child[] = [];
  const env = { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', DATA_DIR: dataDir };
  try {
    children.push(await startChild('worker', 'worker/main.ts', env, /"msg":"worker started"/));
    const port = await freePort();
    const liveFile = path.join(dataDir, 'api-live-memory.json');
    const api = await startChild(
      'api',
      'api/server.ts',
      {
        ...env,
        PORT: String(port),
        LIVE_MEMORY_FILE: liveFile,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'live-memory.cjs')}`.trim(),
      },
      /api listening/,
    );
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const live = async () => {
      // The probe writes within a few ms of the signal; a loaded machine may take longer.
      for (let i = 0; i < 100 && !existsSync(liveFile); i++) await pause(100);
      return JSON.parse(readFileSync(liveFile, 'utf8')) as { peakMb: number; nowMb: number };
    };
    children.push(api);
    const base = `http://127.0.0.1:${port}/api`;
    const monitor = await apiAs(`http://127.0.0.1:${port}`, 'monitor_guard');
    const auth = { authorization: `Bearer ${monitor.token}` };
    const { caseId } = await monitor.open('perimeter-alarm', SITE, { zone: 'bench' });
    const filesDir = path.join(dataDir, 'bench-files');
    mkdirSync(filesDir, { recursive: true });

    /** Uploads one new file of `mib` MiB; answers its time and the API's RSS samples from before to the answer. */
    const upload = async (mib: number) => {
      const { file, sha256 } = await pdfOf(filesDir, mib);
      await pause(500);
      const samples = [rssMb(api.pid)];
      const sampler = setInterval(() => samples.push(rssMb(api.pid)), SAMPLE_MS);
      const form = new FormData();
      // A Blob backed by the file: undici streams it from disk, so the client never holds it whole either.
      form.append('file', await openAsBlob(file, { type: 'application/pdf' }), path.basename(file));
      const t0 = performance.now();
      const res = await fetch(`${base}/cases/${caseId}/attachments`, {
        method: 'POST',
        headers: auth,
        body: form,
      }).catch((err: unknown) => {
        throw new Error(`upload ${mib} MiB failed; the API's last output:\n${api.tail()}`, { cause: err });
      });
      const answer = (await res.json()) as { sha256?: string };
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      samples.push(rssMb(api.pid));
      if (!res.ok) throw new Error(`upload ${mib} MiB: ${res.status} ${JSON.stringify(answer)}`);
      if (answer.sha256 !== sha256) throw new Error(`upload ${mib} MiB: answered ${answer.sha256}, file is ${sha256}`);
      return { seconds, samples };
    };

    const figures: UploadFigure[] = [];
    for (const mib of SIZES_MIB) {
      console.log(`upload ${mib} MiB`);
      // RSS and time first, with nothing added to the API; then another file of the size inside a live-memory window.
      const plain = await upload(mib);
      api.proc.kill('SIGUSR2');
      await pause(200);
      const liveBefore = (await live()).nowMb;
      await upload(mib);
      await pause(200);
      const livePeak = (await live()).peakMb;
      api.proc.kill('SIGUSR2');
      const rssBefore = plain.samples[0]!;
      const rssPeak = Math.max(...plain.samples);
      figures.push({
        fileMiB: mib,
        liveBeforeMb: liveBefore,
        livePeakMb: livePeak,
        liveRiseMb: round1(livePeak - liveBefore),
        rssBeforeMb: rssBefore,
        rssPeakMb: rssPeak,
        rssRiseMb: round1(rssPeak - rssBefore),
        seconds: Math.round(plain.seconds * 100) / 100,
      });
    }
    const result = { at: new Date().toISOString(), loadAverage: loadAverage(), sampleMs: SAMPLE_MS, figures };
    console.table(figures);
    const out = path.join(__dirname, 'results', 'upload-memory.json');
    writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    console.log(`written ${path.relative(process.cwd(), out)}`);
  } finally {
    for (const child of children.reverse()) await child.stop();
    await server.dispose();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
