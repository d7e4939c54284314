import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// `npx tsx bench/table.ts [results.json] [--readme]`: the README's Performance tables from a results file (default
// latest.json); with --readme they replace what stands between the README's `bench:results` markers.
interface L {
  p50: number;
  p99: number;
  perSecond: number;
  errors?: number;
}
interface Late {
  p50: number;
  p99: number;
  max: number;
}
interface Trial {
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  held: boolean;
}
interface Sustained {
  best: number;
  trials: Trial[];
}
const args = process.argv.slice(2);
const toReadme = args.includes('--readme');
const file = args.find((a) => !a.startsWith('--')) ?? path.join(__dirname, 'results', 'latest.json');
const r = JSON.parse(readFileSync(file, 'utf8')) as {
  when: string;
  load: { oneMinuteDuringRun: { min: number; mean: number; max: number } };
  settings: { server: string; records?: string; sustained?: unknown; n?: number };
  sustained?: {
    seconds: number;
    steps: { app?: Sustained; raw?: Sustained; ratio?: number | null };
    escalations: { app?: Sustained; raw?: Sustained; ratio?: number | null };
  };
  start: { api: L; raw: L; p50Ratio: number; p99Ratio: number; throughputRatio: number };
  step: {
    api: L;
    raw: L;
    p50Ratio: number;
    p99Ratio: number;
    rawSameWork?: L;
    p50RatioSameWork?: number;
    p99RatioSameWork?: number;
    cpu?: { workerMs: number; apiMs: number };
    historyEvents?: { step: number; rawUpdate: number };
    cpuByPart?: { app: Record<string, number>; rawUpdate: Record<string, number> };
  };
  staff: {
    connections: number;
    seconds: number;
    requests: number;
    perSecond: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    latencyMs: { p50: number; p99: number };
  };
  escalation: Array<{
    cases: number;
    pattern: string;
    spreadSeconds: number;
    missing: number;
    openCasesAfter: number;
    recordedLateMs: Late;
    deliveredLateMs: Late;
    lateVsRequestedMs: Late;
    workerRssMb: number;
    apiRssMb: number;
    rawTimer?: { lateMs: Late; missing?: number };
    cpu?: { workerMs: number; apiMs: number };
  }>;
  memory: { openCases: number; workerRssMb: number; apiRssMb: number; peakWorkerRssMb: number; peakApiRssMb: number };
};
// A batch none of whose deadlines escalated in its window has no lateness (null in the JSON).
const s1 = (x: number | null) => (x === null ? '—' : (x / 1000).toFixed(1));
const seconds = (l: Late) => (l.p50 === null ? 'none in time' : [l.p50, l.p99, l.max].map(s1).join(' / '));
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const latencyRow = (label: string, l: L) => row([label, l.p50, l.p99, l.perSecond, l.errors ?? 0]);
const trials = (s?: Sustained) =>
  s
    ? s.trials
        .map((t) => `${t.rate}/s ${t.held ? '✓' : '✗'} (p99 ${t.p99} ms${t.errors ? `, ${t.errors} failed` : ''})`)
        .join(', ')
    : '—';
const sustainedRows = (label: string, s?: { app?: Sustained; raw?: Sustained; ratio?: number | null }) =>
  s?.app
    ? [
        row([`${label}, app`, s.app.best, trials(s.app)]),
        row([`${label}, raw Temporal`, s.raw?.best ?? '—', trials(s.raw)]),
        row([`${label}, ratio app / raw`, s.ratio ?? '—', 'goal ≥ 0.8']),
      ]
    : [];
const lines = [
  `Run of ${r.when} on ${r.settings.server}; records ${r.settings.records ?? 'off'}.`,
  '',
  row(['', 'p50 ms', 'p99 ms', 'per second', 'errors']),
  row(['---', '---:', '---:', '---:', '---:']),
  latencyRow('case start via `POST /api/cases`', r.start.api),
  latencyRow('raw `workflow.start`, trivial workflow', r.start.raw),
  latencyRow('step via `POST /api/cases/:id/events`', r.step.api),
  latencyRow('raw Update, trivial workflow', r.step.raw),
  ...(r.step.rawSameWork
    ? [latencyRow('raw Update + 1 local activity (what a step asks of Temporal)', r.step.rawSameWork)]
    : []),
  row([
    `${r.staff.connections} staff stepping for ${r.staff.seconds} s (autocannon)`,
    r.staff.latencyMs.p50,
    r.staff.latencyMs.p99,
    r.staff.perSecond,
    r.staff.errors + r.staff.non2xx,
  ]),
  '',
  `Ratios API / raw: start p50 ${r.start.p50Ratio}×, p99 ${r.start.p99Ratio}×, throughput ${r.start.throughputRatio}× lower; ` +
    `step p50 ${r.step.p50Ratio}×, p99 ${r.step.p99Ratio}×` +
    (r.step.rawSameWork
      ? `; step against the same Temporal work p50 ${r.step.p50RatioSameWork}×, p99 ${r.step.p99RatioSameWork}×.`
      : '.'),
  ...(r.step.cpu
    ? [
        '',
        `CPU per step: worker ${r.step.cpu.workerMs} ms, API ${r.step.cpu.apiMs} ms.` +
          (r.step.historyEvents
            ? ` History events per step ${r.step.historyEvents.step}, per raw Update ${r.step.historyEvents.rawUpdate}.`
            : ''),
      ]
    : []),
  ...cpuByPartRows(),
  ...(r.sustained && (r.sustained.steps.app || r.sustained.escalations.app)
    ? [
        '',
        `Sustained rates (each held ${r.sustained.seconds} s; the highest with p99 < 1 s and no failure):`,
        '',
        row(['', 'highest rate held (/s)', 'rates tried']),
        row(['---', '---:', '---']),
        ...sustainedRows('steps', r.sustained.steps),
        ...sustainedRows('escalations', r.sustained.escalations),
      ]
    : []),
  '',
  row([
    'open cases due',
    'recorded − due p50 / p99 / max (s)',
    'raw timers p50 / p99 / max (s)',
    'inbox − due p99 (s)',
    '− due asked p99 (s)',
    'not escalated 5 min after due',
    'open after',
    'worker / API RSS MB',
    'worker / API CPU ms per case',
  ]),
  row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ...r.escalation.map((e) =>
    row([
      `${e.cases.toLocaleString('en')} ${e.pattern === 'together' ? 'together' : `over ${e.spreadSeconds} s`}`,
      seconds(e.recordedLateMs),
      e.rawTimer ? seconds(e.rawTimer.lateMs) + (e.rawTimer.missing ? ` (${e.rawTimer.missing} not fired)` : '') : '—',
      s1(e.deliveredLateMs.p99),
      s1(e.lateVsRequestedMs.p99),
      e.missing,
      e.openCasesAfter.toLocaleString('en'),
      `${e.workerRssMb} / ${e.apiRssMb}`,
      e.cpu ? `${e.cpu.workerMs} / ${e.cpu.apiMs}` : '—',
    ]),
  ),
  '',
  `Memory at ${r.memory.openCases.toLocaleString('en')} open cases: worker ${r.memory.workerRssMb} MB RSS (peak ${r.memory.peakWorkerRssMb}), API ${r.memory.apiRssMb} MB (peak ${r.memory.peakApiRssMb}). ` +
    `1-minute load average during the run: ${r.load.oneMinuteDuringRun.min}–${r.load.oneMinuteDuringRun.max} (mean ${r.load.oneMinuteDuringRun.mean}).`,
];
const text = lines.join('\n');

/** CPU ms per step of each part on the machine (bench/processes.ts cpuByPart), the app's step beside a raw Update's. */
function cpuByPartRows(): string[] {
  const parts = r.step.cpuByPart;
  if (!parts) return [];
  const workers = Object.keys(parts.app).filter((k) => /^worker\d*$/.test(k));
  const workerMs = (m: Record<string, number>) => workers.reduce((t, k) => t + (m[k] ?? 0), 0);
  const cells = (m: Record<string, number>) => {
    const values = [m.temporal ?? 0, m.postgres ?? 0, workerMs(m), m.api ?? 0, m.rawWorker ?? 0, m.driver ?? 0];
    return [...values.map((v) => Math.round(v * 10) / 10), Math.round(values.reduce((a, b) => a + b, 0) * 10) / 10];
  };
  return [
    '',
    `CPU ms per step, by process on the machine (during the ${r.settings.n ?? ''} steps and 3 s after):`,
    '',
    row([
      '',
      'Temporal server',
      'PostgreSQL',
      `app worker${workers.length > 1 ? 's' : ''}`,
      'API',
      'raw worker',
      'load driver',
      'all',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    row(['step via the API', ...cells(parts.app)]),
    row(['raw Update', ...cells(parts.rawUpdate)]),
  ];
}
if (toReadme) {
  const readme = path.join(__dirname, '..', 'README.md');
  const [open, close] = ['<!-- bench:results -->', '<!-- /bench:results -->'];
  const current = readFileSync(readme, 'utf8');
  const from = current.indexOf(open);
  const to = current.indexOf(close);
  if (from < 0 || to < from) throw new Error(`README.md has no ${open} … ${close} section`);
  writeFileSync(readme, `${current.slice(0, from + open.length)}\n\n${text}\n\n${current.slice(to)}`);
  // Aligned as the repository keeps Markdown (prettier --check is part of npm run lint).
  execFileSync(path.join(__dirname, '..', 'node_modules', '.bin', 'prettier'), ['--write', readme], {
    stdio: 'ignore',
  });
  console.log(`README.md: Performance tables from ${path.relative(process.cwd(), file)}`);
} else console.log(text);
