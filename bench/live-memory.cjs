// Preloaded into the API process by `npm run bench:upload` (NODE_OPTIONS=--require): the memory the process really
// holds, not what the garbage collector has yet to free. SIGUSR2 starts a window: every SAMPLE_MS a full collection,
// then the highest heapUsed + external (Buffers included) seen in the window is written to LIVE_MEMORY_FILE as JSON
// { "peakMb": number, "nowMb": number }; the next SIGUSR2 ends the window. Bench only: a full collection every few ms
// slows the process down, so RSS and speed are measured outside a window.
'use strict';
const { renameSync, writeFileSync } = require('node:fs');
const v8 = require('node:v8');
const vm = require('node:vm');
const { isMainThread } = require('node:worker_threads');

const file = process.env.LIVE_MEMORY_FILE;
// The main thread only: NODE_OPTIONS preloads into worker threads too (tsx's loader), which must not write the file.
if (file && isMainThread) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const SAMPLE_MS = 5;
  let peak = 0;
  let timer;
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    const now = Math.round(((m.heapUsed + m.external) / 1024 / 1024) * 10) / 10;
    peak = Math.max(peak, now);
    writeFileSync(`${file}.tmp`, JSON.stringify({ peakMb: peak, nowMb: now }));
    renameSync(`${file}.tmp`, file); // whole or not at all, for the reader
  };
  process.on('SIGUSR2', () => {
    if (timer) {
      clearInterval(timer);
      timer = undefined;
      return;
    }
    peak = 0;
    sample();
    timer = setInterval(sample, SAMPLE_MS);
  });
}
