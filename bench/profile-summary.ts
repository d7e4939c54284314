/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where a process spent its CPU, from a V8 CPU profile
 * (BENCH_CPU_PROF, bench/processes.ts): self time per function and per source file (node_modules packages as one
 * line each), the `top` largest of each (default 25), in ms and as a share of the profile's sampled time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time in ms per key of the profile's nodes, from its samples and their time deltas (µs). */
function selfTimes(profile: CpuProfile, keyOf: (n: ProfileNode) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const key = keyOf(byId.get(id)!);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

/** A source file's short name: a package under node_modules as `pkg:<name>`, else the path from the repository. */
function fileOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `pkg:${m[1]}`;
  return url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
}

/** A node's file, or for V8's own nodes without one their name: (idle), (program), (garbage collector), a builtin. */
const placeOf = (n: ProfileNode) => fileOf(n.callFrame.url) || n.callFrame.functionName || '(native)';

function main() {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const top = Number(topArg ?? 25);
  const all = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
  const print = (title: string, totals: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / all) * 100).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
  console.log(`${file}: ${all.toFixed(0)} ms sampled`);
  print('self time by file', selfTimes(profile, placeOf));
  print(
    'self time by function',
    selfTimes(
      profile,
      (n) => `${n.callFrame.functionName || '(anonymous)'} ${placeOf(n)}:${n.callFrame.lineNumber + 1}`,
    ),
  );
}

main();
