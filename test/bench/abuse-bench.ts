/**
 * `npm run bench abuse`: replays the abuse cases of issue 14 against the service, started as a child
 * process on a fresh data directory (the demo catalog), on 127.0.0.1 only, every
 * request bounded in count and time. Prints, per case: the status, the time to the answer, the child's
 * peak resident memory while it ran, and the slowest /health answer meanwhile (probed every 200 ms).
 *
 *   npm run bench abuse [-- --port 18090]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const port = Number(args[args.indexOf('--port') + 1] ?? 18090) || 18090;
const base = `http://127.0.0.1:${port}`;
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'abuse-bench-'));
const token = 'bench-token-0123456789';

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN: token, LOG_LEVEL: 'warn', HARVEST_INTERVAL: '0', RATE_LIMIT_SEARCH: '0', RATE_LIMIT_SPARQL: '0', RATE_LIMIT_RECORDS: '0' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

const rssMb = (): number => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
};

async function until(ready: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the service did not get ready');
}

interface Figures {
  status: string;
  ms: number;
  peakRssMb: number;
  slowestHealthMs: number;
}

/** Runs a case while probing /health and the child's memory. */
async function measured(run: () => Promise<string>): Promise<Figures> {
  let peak = rssMb();
  let slowest = 0;
  let running = true;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      await fetch(`${base}/health`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.arrayBuffer()).catch(() => undefined);
      slowest = Math.max(slowest, performance.now() - t);
      peak = Math.max(peak, rssMb());
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const t = performance.now();
  const status = await run().catch((e: unknown) => `error: ${(e as Error).message}`);
  const ms = performance.now() - t;
  running = false;
  await probe;
  return { status, ms: Math.round(ms), peakRssMb: peak, slowestHealthMs: Math.round(slowest) };
}

const sparql = (query: string, extra = '', init: RequestInit = {}) =>
  fetch(`${base}/sparql?query=${encodeURIComponent(query)}${extra}`, { signal: AbortSignal.timeout(120_000), ...init });
const statusOf = async (res: Response): Promise<string> => {
  await res.arrayBuffer();
  return String(res.status);
};

const results: Record<string, Figures | string> = {};
try {
  await until(async () => (await fetch(`${base}/readyz`)).status === 200, 120_000);
  results.baselineRssMb = String(rssMb());

  const list = `<https://x.example/s> <https://x.example/p> (${Array.from({ length: 1_000_000 }, () => '1').join(' ')}) .\n`;
  results['validate: 2 MB Turtle list of 1 000 000 items'] = await measured(async () =>
    statusOf(await fetch(`${base}/api/validate`, { method: 'POST', body: list, headers: { 'Content-Type': 'text/turtle' }, signal: AbortSignal.timeout(120_000) })),
  );
  results['validate: four 600 KB lists at once'] = await measured(async () => {
    const small = `<https://x.example/s> <https://x.example/p> (${Array.from({ length: 300_000 }, () => '1').join(' ')}) .\n`;
    const all = await Promise.all(
      Array.from({ length: 4 }, () => fetch(`${base}/api/validate`, { method: 'POST', body: small, headers: { 'Content-Type': 'text/turtle' }, signal: AbortSignal.timeout(120_000) }).then(statusOf)),
    );
    return all.join(',');
  });
  const nested = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">${'<rdf:Description><ex:p>'.repeat(10_000)}x${'</ex:p></rdf:Description>'.repeat(10_000)}</rdf:RDF>`;
  results['validate: RDF/XML 20 000 nested elements (0.9 MB)'] = await measured(async () =>
    statusOf(await fetch(`${base}/api/validate`, { method: 'POST', body: nested, headers: { 'Content-Type': 'application/rdf+xml' }, signal: AbortSignal.timeout(120_000) })),
  );
  results['sparql: SELECT * { ?a ?b ?c . ?d ?e ?f }'] = await measured(async () => statusOf(await sparql('SELECT * { ?a ?b ?c . ?d ?e ?f }')));
  results['sparql: two cross joins at once'] = await measured(async () =>
    (await Promise.all([sparql('SELECT * { ?a ?b ?c . ?d ?e ?f }'), sparql('SELECT * { ?a ?b ?c . ?d ?e ?g }')].map(async (r) => statusOf(await r)))).join(','),
  );
  const HEAVY = 'SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
  results['sparql: ASK {} behind 50 heavy queries'] = await measured(async () => {
    // Fifty texts never seen before, of different shapes (each its own variable names): none is known heavy.
    const heavy = Array.from({ length: 50 }, (_, i) => sparql(HEAVY.replaceAll('?', `?v${i}_`)).then(statusOf, () => 'aborted'));
    await new Promise((r) => setTimeout(r, 1500));
    const t = performance.now();
    const ask = await statusOf(await sparql('ASK {}'));
    const askMs = Math.round(performance.now() - t);
    const statuses = await Promise.all(heavy);
    const counts: Record<string, number> = {};
    for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
    return `ASK ${ask} in ${askMs} ms; heavy: ${JSON.stringify(counts)}`;
  });
  results['sparql: two clients looping a heavy query with timeout=300 for 15 s, ASK p50'] = await measured(async () => {
    const end = Date.now() + 15_000;
    const loop = async () => {
      const seen: string[] = [];
      while (Date.now() < end) seen.push(await statusOf(await sparql(`${HEAVY} # loop`, '&timeout=300')));
      return seen;
    };
    const asks: number[] = [];
    const asking = (async () => {
      while (Date.now() < end) {
        const t = performance.now();
        await statusOf(await sparql('ASK {}'));
        asks.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const [a, b] = await Promise.all([loop(), loop(), asking]);
    asks.sort((x, y) => x - y);
    return `heavy answers ${a!.length + b!.length} (${[...new Set([...a!, ...b!])].join('/')}), ASK p50 ${Math.round(asks[Math.floor(asks.length / 2)] ?? 0)} ms over ${asks.length}`;
  });
  results['sparql: ORDER BY over a cross product (memory before any row)'] = await measured(async () => statusOf(await sparql('SELECT ?c ?f { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1')));
  results['sparql: a \\u escape in an IRI (sparqljs cannot read it)'] = String((await sparql('ASK { <\\u0068ttp://x.example/a> ?p ?o }')).status);
  results['http: Accept text/turtle;charset=utf-8 on a SPARQL CONSTRUCT'] = String((await sparql('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1', '', { headers: { Accept: 'text/turtle;charset=utf-8' } })).status);
  results['http: PUT /api/search'] = String((await fetch(`${base}/api/search`, { method: 'PUT' })).status);
  const echoed = await (await fetch(`${base}/api/sources?access_token=SECRET-IN-URL`, { method: 'POST' })).text();
  results['http: a token in the query string echoed in the 401'] = echoed.includes('SECRET-IN-URL') ? 'yes' : 'no';
  results.finalRssMb = String(rssMb());
  results['plain-text lines on stderr (not JSON)'] = String(stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{')).length);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
for (const [name, value] of Object.entries(results)) console.log(`${name.padEnd(78)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
