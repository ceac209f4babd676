/**
 * The service for `npm run bench load`, in a process of its own (as in production), with the delay of
 * its event loop measured (monitorEventLoopDelay). Configured by the environment (loadConfig); speaks to
 * the bench over IPC: sends `{ url }` when it listens; answers `reset` (a new measuring phase, acknowledged) and
 * `report` with the loop's delay and utilisation since the last reset, the process's peak resident memory (and its largest
 * per wall-clock second, for the timeline) and the main thread's heap and external memory at that peak (the rest is worker threads, engines and native caches).
 * With LOAD_BENCH_LOG set, the service logs (level info) to that file.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance, PerformanceObserver, type EventLoopUtilization } from 'node:perf_hooks';
import type * as Main from '../../../src/main.js';
import type * as Config from '../../../src/config/config.js';
import type * as LoggerPort from '../../../src/core/ports/logger.js';
import type * as PinoLogger from '../../../src/logging/pino-logger.js';
import type * as HeapGrowth from '../../../src/heap-growth.js';

// The compiled service (what `npm start` runs: no TypeScript loader in any thread) when the bench asks
// for it, else the sources through tsx.
const root = process.env.LOAD_BENCH_COMPILED === '1' ? '../../../dist/src' : '../../../src';
const { loadConfig } = (await import(`${root}/config/config.js`)) as typeof Config;
const { silentLogger } = (await import(`${root}/core/ports/logger.js`)) as typeof LoggerPort;
const { startServer } = (await import(`${root}/main.js`)) as typeof Main;
const { createLogger } = (await import(`${root}/logging/pino-logger.js`)) as typeof PinoLogger;
const { applyHeapGrowth } = (await import(`${root}/heap-growth.js`)) as typeof HeapGrowth;

const send = (message: unknown): void => void process.send?.(message);
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
/** The loop's utilisation since the last reset: near 1, every turn runs work back to back, and its delay is a queue, not one long task. */
let eluAtReset: EventLoopUtilization = performance.eventLoopUtilization();
/** The main thread's longest garbage-collection pause since the last reset, ms (a pause stops every request). */
let maxGcPauseMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) maxGcPauseMs = Math.max(maxGcPauseMs, entry.duration);
}).observe({ entryTypes: ['gc'] });
let peakRss = 0;
/** The largest resident memory per wall-clock second since the last reset (for the bench's timeline), MiB. */
let rssBySecond = new Map<number, number>();
/** The main thread's share at the peak: its V8 heap and what it holds outside it (buffers, native objects). */
let atPeak = { heapMb: 0, externalMb: 0 };
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  const second = Math.floor(Date.now() / 1000);
  rssBySecond.set(second, Math.max(rssBySecond.get(second) ?? 0, rss / 2 ** 20));
  if (rss <= peakRss) return;
  peakRss = rss;
  const m = process.memoryUsage();
  atPeak = { heapMb: m.heapTotal / 2 ** 20, externalMb: m.external / 2 ** 20 };
}, 200);
sampler.unref();

// LOAD_BENCH_LOG: the service's log (level info, JSON lines) to this file, to lay its events beside the bench's timeline.
const logFile = process.env.LOAD_BENCH_LOG;
// As the CLI does at its start (`npm start` is `datakatalog serve`): the service here starts without it.
const config = loadConfig(process.env);
applyHeapGrowth(config.heapGrowthPercent);
const server = await startServer(config, logFile ? createLogger('info', createWriteStream(logFile)) : silentLogger);
process.on('message', (message: string) => {
  if (message === 'reset') {
    loop.reset();
    eluAtReset = performance.eventLoopUtilization();
    maxGcPauseMs = 0;
    peakRss = process.memoryUsage.rss();
    rssBySecond = new Map();
    const m = process.memoryUsage();
    atPeak = { heapMb: m.heapTotal / 2 ** 20, externalMb: m.external / 2 ** 20 };
    send({ reset: true });
  } else if (message === 'report') {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    send({
      loop: { maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6, meanMs: loop.mean / 1e6, utilisation: performance.eventLoopUtilization(eluAtReset).utilization, maxGcPauseMs },
      peakRssMbSinceReset: peakRss / 2 ** 20,
      atPeak,
      peakRssMbEver: hwm ? Number(hwm[1]) / 1024 : NaN,
      rssBySecond: [...rssBySecond],
    });
  } else if (message === 'stop') {
    void server.close().then(() => process.exit(0));
  }
});
send({ url: server.url });
