import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

interface Latency {
  p50: number;
  p99: number;
}

/** The parts of a results JSON the chart draws. */
export interface ChartInput {
  when: string;
  load: { oneMinuteDuringRun: { mean: number } };
  start: { api: Latency & { perSecond: number }; raw: Latency & { perSecond: number } };
  step: { api: Latency; raw: Latency; rawSameWork?: Latency };
  staff: { latencyMs: { p50: number; p99: number } };
  escalation: Array<{
    cases: number;
    pattern: string;
    escalated: number;
    recordedLateMs: Latency & { max: number };
    rawTimer?: { cases: number; missing?: number; lateMs: Latency & { max: number } };
  }>;
}

/**
 * Renders the results as a PNG without network: chart.js (from node_modules, inlined) in Debian's Chromium through
 * playwright-core, screenshot of the page. CHROMIUM overrides the browser path.
 */
export async function renderChart(results: ChartInput, out: string): Promise<string> {
  const chartJs = readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js'), 'utf8');
  const latency = {
    labels: ['case start (p50)', 'case start (p99)', 'step (p50)', 'step (p99)'],
    datasets: [
      {
        label: 'via the API',
        data: [results.start.api.p50, results.start.api.p99, results.step.api.p50, results.step.api.p99],
        backgroundColor: '#d9534f',
      },
      {
        label: 'raw Temporal',
        data: [results.start.raw.p50, results.start.raw.p99, results.step.raw.p50, results.step.raw.p99],
        backgroundColor: '#5b8def',
      },
      {
        label: 'raw, same Temporal work as a step',
        data: [null, null, results.step.rawSameWork?.p50 ?? null, results.step.rawSameWork?.p99 ?? null],
        backgroundColor: '#9ab7f5',
      },
    ],
  };
  const lateness = {
    labels: results.escalation.map((e) => `${e.cases.toLocaleString('en')} ${e.pattern}`),
    datasets: [
      ...(['p50', 'p99', 'max'] as const).map((k, i) => ({
        label: `app ${k}`,
        // No bar for a batch none of which escalated in its window: its lateness is unknown, not zero.
        data: results.escalation.map((e) => (e.escalated ? Math.max(1, e.recordedLateMs[k]) : null)),
        backgroundColor: ['#7cc47c', '#f0ad4e', '#999999'][i],
      })),
      {
        label: 'raw timers p99',
        // Nor for raw timers most of which did not fire in their window: the p99 of the few that did says little.
        data: results.escalation.map((e) =>
          e.rawTimer && (e.rawTimer.missing ?? 0) < e.rawTimer.cases / 2 ? Math.max(1, e.rawTimer.lateMs.p99) : null,
        ),
        backgroundColor: '#5b8def',
      },
    ],
  };
  const title = `npm run bench, ${results.when.slice(0, 16).replace('T', ' ')} UTC, 2 cores, 1-min load ≈ ${results.load.oneMinuteDuringRun.mean}`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;font:14px sans-serif;background:#fff;width:1200px}
.row{display:flex} .box{width:600px;height:420px;padding:8px;box-sizing:border-box}
h1{font-size:15px;margin:8px 12px 0}
</style><script>${chartJs}</script></head><body>
<h1>${title}</h1>
<div class="row"><div class="box"><canvas id="latency"></canvas></div><div class="box"><canvas id="late"></canvas></div></div>
<script>
Chart.defaults.animation = false;
new Chart(document.getElementById('latency'), { type: 'bar', data: ${JSON.stringify(latency)},
  options: { responsive: true, maintainAspectRatio: false, plugins: { title: { display: true,
  text: 'API vs raw Temporal on the same server (ms, lower is better)' } } } });
new Chart(document.getElementById('late'), { type: 'bar', data: ${JSON.stringify(lateness)},
  options: { responsive: true, maintainAspectRatio: false, scales: { y: { type: 'logarithmic',
  title: { display: true, text: 'ms (log)' } } }, plugins: { title: { display: true,
  text: 'Escalation lateness: recorded − due, by open cases due together / spread' } } } });
window.done = true;
</script></body></html>`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 470 } });
    await page.setContent(html);
    await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true);
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
  }
  return out;
}

// `npx tsx bench/chart.ts [results.json]`: redraw the chart of a results file (default latest.json).
if (require.main === module) {
  const file = process.argv[2] ?? path.join(__dirname, 'results', 'latest.json');
  const results = JSON.parse(readFileSync(file, 'utf8')) as ChartInput;
  renderChart(results, file.replace(/\.json$/, '.png')).then(
    (out) => console.log(`chart ${out}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
