/**
 * Child process of the harvest benchmark's ratio section: harvests one local document twice, as
 * `datakatalog harvest <file>` does (store, validation workers, search index; no SPARQL index), and
 * prints one JSON line per harvest with its wall time and the process's peak resident memory so far
 * (`process.resourceUsage().maxRSS`, which counts the worker threads too) and the CPU time of all its
 * threads (on a busy machine the steadier figure).
 *
 *   node --import tsx test/bench/support/harvest-document-child.ts <file> <publisher> <dataDir>
 */
import { loadConfig } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { openCatalog } from '../../../src/main.js';

const [file, publisher, dataDir] = process.argv.slice(2);
if (file === undefined || publisher === undefined || dataDir === undefined) throw new Error('usage: harvest-document-child <file> <publisher> <dataDir>');
const config = loadConfig({ DATA_DIR: dataDir, DEMO: 'false', LOG_LEVEL: 'warn', HARVEST_INTERVAL: '0', VALIDATION_WORKERS: process.env.VALIDATION_WORKERS ?? '2' });
const baseRss = process.resourceUsage().maxRSS;
const catalog = await openCatalog(config, silentLogger, { sparql: false, poll: false });
try {
  const source = await catalog.harvest.register({ url: 'https://agency.example.no/catalog.ttl', publisher });
  for (const label of ['first', 'unchanged']) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const run = await catalog.harvest.harvest(source, { localPath: file });
    await catalog.projector.sync();
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    if (run.state !== 'succeeded') throw new Error(`${label} harvest ${run.state}: ${run.error}`);
    process.stdout.write(`${JSON.stringify({ label, ms, cpuMs, counts: run.counts, peakRssKb: process.resourceUsage().maxRSS, baseRssKb: baseRss })}\n`);
  }
} finally {
  await catalog.close();
}
