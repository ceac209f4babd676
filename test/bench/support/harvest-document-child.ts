/**
 * Child process of the harvest benchmark's ratio and paged sections: harvests one local document
 * twice, as `datakatalog harvest <file>` does (store, validation workers, search index; no SPARQL
 * index), or a source served over loopback HTTP (Hydra-paged or not) the same way, and prints one JSON
 * line per harvest with its wall time, the process's peak resident memory so far
 * (`process.resourceUsage().maxRSS`, which counts the worker threads too), the CPU time of all its
 * threads (on a busy machine the steadier figure) and of each thread (the main thread apart).
 *
 *   node --import tsx test/bench/support/harvest-document-child.ts <file | http://127.0.0.1:port/…> <publisher> <dataDir>
 *
 * With HARVEST_COMPILED set to the project's dist/ folder it harvests with the compiled code
 * (`npm run build`), as the installed CLI does, instead of the TypeScript sources through tsx. The
 * bench then runs this file itself compiled (compiled-child.ts), in a plain `node` without tsx's
 * loader: its hooks thread and module resolution cost CPU the installed CLI does not spend.
 *
 * With HARVEST_REWRITES set (comma-separated paths; a local file only), each of those documents is then
 * copied over the file and harvested again, one line each (`rewrite 1`, …): the same graph in other bytes.
 *
 * With LIVE_HEAP_SAMPLE_MS set (and node started with --expose-gc), the main thread runs a full GC at
 * that interval and each line also gives `liveHeapPeakKb`: the most the main thread's heap held after a
 * collection during the harvest, what it keeps rather than garbage not yet collected (the forced GCs
 * slow the run; use that run for memory only).
 */
import { copyFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type * as ConfigModule from '../../../src/config/config.js';
import type * as LoggerModule from '../../../src/core/ports/logger.js';
import type * as HeapGrowthModule from '../../../src/heap-growth.js';
import type * as MainModule from '../../../src/main.js';
import { threadCpuMs } from './thread-cpu.js';

// HARVEST_COMPILED=<dist/>: the compiled code (what `datakatalog harvest` runs), else the sources through tsx.
const compiled = process.env.HARVEST_COMPILED;
const product = (module: string): string => (compiled !== undefined && compiled !== '' ? pathToFileURL(`${compiled}/src/${module}.js`).href : `../../../src/${module}.js`);
const { openCatalog } = (await import(product('main'))) as typeof MainModule;
const { loadConfig } = (await import(product('config/config'))) as typeof ConfigModule;
const { silentLogger } = (await import(product('core/ports/logger'))) as typeof LoggerModule;
const { applyHeapGrowth } = (await import(product('heap-growth'))) as typeof HeapGrowthModule;
const [file, publisher, dataDir] = process.argv.slice(2);
if (file === undefined || publisher === undefined || dataDir === undefined) throw new Error('usage: harvest-document-child <file | url> <publisher> <dataDir>');
const served = /^http:\/\/127\.0\.0\.1[:/]/.test(file);
const config = loadConfig({
  DATA_DIR: dataDir,
  DEMO: 'false',
  LOG_LEVEL: 'warn',
  HARVEST_INTERVAL: '0',
  ...(process.env.VALIDATION_WORKERS !== undefined ? { VALIDATION_WORKERS: process.env.VALIDATION_WORKERS } : {}),
  ...(served ? { HARVEST_ALLOWED_HOSTS: '127.0.0.1', HARVEST_MAX_PAGES: '100000' } : {}),
  ...(process.env.HEAP_GROWTH_PERCENT !== undefined ? { HEAP_GROWTH_PERCENT: process.env.HEAP_GROWTH_PERCENT } : {}),
});
// As `datakatalog` does at its start (src/cli.ts).
applyHeapGrowth(config.heapGrowthPercent);
const baseRss = process.resourceUsage().maxRSS;
const sampleMs = Number(process.env.LIVE_HEAP_SAMPLE_MS ?? 0);
const collect = (globalThis as { gc?: () => void }).gc;
if (sampleMs > 0 && collect === undefined) throw new Error('LIVE_HEAP_SAMPLE_MS needs node --expose-gc');
let livePeak = 0;
const sampleLive = (): void => {
  collect!();
  livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
};
const catalog = await openCatalog(config, silentLogger, { sparql: false, poll: false });
try {
  const source = await catalog.harvest.register({ url: served ? file : 'https://agency.example.no/catalog.ttl', publisher });
  // HARVEST_REWRITES (a local file only): documents with the same graph in other bytes, each copied over the file and harvested in turn.
  const rewrites = served ? [] : (process.env.HARVEST_REWRITES ?? '').split(',').filter((p) => p !== '');
  for (const [label, rewrite] of [['first'], ['unchanged'], ...rewrites.map((p, i) => [`rewrite ${i + 1}`, p])] as [string, string?][]) {
    if (rewrite !== undefined) copyFileSync(rewrite, file);
    const t = performance.now();
    const cpu = process.cpuUsage();
    const threadsBefore = threadCpuMs();
    livePeak = 0;
    const sampler = sampleMs > 0 ? setInterval(sampleLive, sampleMs) : undefined;
    const run = await catalog.harvest.harvest(source, served ? {} : { localPath: file });
    await catalog.projector.sync();
    if (sampler !== undefined) {
      clearInterval(sampler);
      sampleLive();
    }
    const ms = performance.now() - t;
    const usage = process.cpuUsage(cpu);
    const cpuMs = (usage.user + usage.system) / 1000;
    if (run.state !== 'succeeded') throw new Error(`${label} harvest ${run.state}: ${run.error}`);
    // CPU of the main thread, then of the other threads that used at least 0.1 s (validation workers first), most first.
    const used = [...threadCpuMs()].map(([tid, ms]) => ({ main: tid === String(process.pid), ms: ms - (threadsBefore.get(tid) ?? 0) }));
    const threads = { main: used.find((t) => t.main)?.ms ?? 0, others: used.filter((t) => !t.main && t.ms >= 100).map((t) => t.ms).sort((a, b) => b - a) };
    process.stdout.write(`${JSON.stringify({ label, ms, cpuMs, threads, counts: run.counts, notModified: run.notModified === true, peakRssKb: process.resourceUsage().maxRSS, baseRssKb: baseRss, ...(sampleMs > 0 ? { liveHeapPeakKb: Math.round(livePeak / 1024) } : {}) })}\n`);
  }
} finally {
  await catalog.close();
}
