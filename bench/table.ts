import { readFileSync } from 'node:fs';
import path from 'node:path';

// `npx tsx bench/table.ts [results.json]`: the README's Performance tables from a results file (default latest.json).
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
const file = process.argv[2] ?? path.join(__dirname, 'results', 'latest.json');
const r = JSON.parse(readFileSync(file, 'utf8')) as {
  load: { oneMinuteDuringRun: { min: number; mean: number; max: number } };
  start: { api: L; raw: L; p50Ratio: number; p99Ratio: number; throughputRatio: number };
  step: {
    api: L;
    raw: L;
    p50Ratio: number;
    p99Ratio: number;
    rawSameWork?: L;
    p50RatioSameWork?: number;
    p99RatioSameWork?: number;
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
  }>;
  memory: { openCases: number; workerRssMb: number; apiRssMb: number; peakWorkerRssMb: number; peakApiRssMb: number };
};
// A batch none of whose deadlines escalated in its window has no lateness (null in the JSON).
const s1 = (x: number | null) => (x === null ? '—' : (x / 1000).toFixed(1));
const seconds = (l: Late) => (l.p50 === null ? 'none in time' : [l.p50, l.p99, l.max].map(s1).join(' / '));
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const latencyRow = (label: string, l: L) => row([label, l.p50, l.p99, l.perSecond, l.errors ?? 0]);
const lines = [
  row(['', 'p50 ms', 'p99 ms', 'per second', 'errors']),
  row(['---', '---:', '---:', '---:', '---:']),
  latencyRow('case start via `POST /api/cases`', r.start.api),
  latencyRow('raw `workflow.start`, trivial workflow', r.start.raw),
  latencyRow('step via `POST /api/cases/:id/events`', r.step.api),
  latencyRow('raw Update, trivial workflow', r.step.raw),
  ...(r.step.rawSameWork
    ? [
        latencyRow(
          'raw Update + 1 search-attribute write + 1 activity (what a step asks of Temporal)',
          r.step.rawSameWork,
        ),
      ]
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
  ]),
  row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
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
    ]),
  ),
  '',
  `Memory at ${r.memory.openCases.toLocaleString('en')} open cases: worker ${r.memory.workerRssMb} MB RSS (peak ${r.memory.peakWorkerRssMb}), API ${r.memory.apiRssMb} MB (peak ${r.memory.peakApiRssMb}). ` +
    `1-minute load average during the run: ${r.load.oneMinuteDuringRun.min}–${r.load.oneMinuteDuringRun.max} (mean ${r.load.oneMinuteDuringRun.mean}).`,
];
console.log(lines.join('\n'));
