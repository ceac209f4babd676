/**
 * The six catalog queries every SPARQL benchmark times (harvest, sparql-server, scale), and the table that
 * times a SPARQL server directly beside our /sparql forwarding to it (sparql-server, scale).
 */
import http from 'node:http';

const P = 'PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/> ';
const JSON_RESULTS = 'application/sparql-results+json';

/** The six queries, labelled a–f; `a` reads all triples of `oneDataset`. */
export function catalogQueries(oneDataset: string): [label: string, query: string][] {
  return [
    ['a. all triples of one dataset', `SELECT ?p ?o { <${oneDataset}> ?p ?o }`],
    ['b. datasets per publisher', `${P}SELECT ?pub (COUNT(?d) AS ?n) { ?d a dcat:Dataset ; dct:publisher ?pub } GROUP BY ?pub ORDER BY DESC(?n)`],
    ['c. theme + format, LIMIT 20', `${P}SELECT ?d { ?d a dcat:Dataset ; dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> ; dcat:distribution ?x . ?x dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> } LIMIT 20`],
    ['d. CONTAINS on title', `${P}SELECT ?d ?t { ?d a dcat:Dataset ; dct:title ?t FILTER(CONTAINS(LCASE(?t), "luftkvalitet")) }`],
    ['e. datasets × distributions × media type', `${P}SELECT ?d ?x ?m { ?d a dcat:Dataset ; dcat:distribution ?x . ?x dcat:mediaType ?m }`],
    ['f. SELECT * LIMIT 100', 'SELECT * { ?s ?p ?o } LIMIT 100'],
  ];
}

const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A POST of a SPARQL request over one kept-alive connection, asking for JSON results: status and body. */
export function sparqlPoster(): { post: (url: string, body: string, contentType: string) => Promise<{ status: number; body: string }>; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  // A kept-alive connection the server closed while idle (Node's server does after 5 s: a long query on the other
  // server is enough) fails the next request with a reset before any answer: sent again once, on a new connection.
  const post = (url: string, body: string, contentType: string, again = true): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      let answered = false;
      const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': contentType, Accept: JSON_RESULTS, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (again && !answered && req.reusedSocket && error.code === 'ECONNRESET') post(url, body, contentType, false).then(resolve, reject);
        else reject(error);
      });
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/**
 * Waits until this process is quiet (under 5 % of a core over 2 s; at most `maxMs`): a service that has just
 * harvested or started keeps working for some seconds (search and quality projections, the URL-check round),
 * and a query timed meanwhile shares the CPU with that work. Resolves with the time it waited.
 */
export async function settle(maxMs = 120_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const used = process.cpuUsage(before);
    if ((used.user + used.system) / 1000 < 100 || performance.now() - started > maxMs) return performance.now() - started;
  }
}

type Leg = 'direct' | 'ours' | 'proxy';

/**
 * Prints a Markdown table of each query's median time on the server directly and through our /sparql (three
 * warm-up rounds, then `runs`), checking both give the same number of rows. With `proxy` (a bare Node HTTP hop
 * to the same server: bare-proxy.ts), a third column: the floor of any forwarding, and what share of our extra
 * time over the server's is that hop. The runs are interleaved (direct, ours, proxy; then the next round in
 * another order), so load on the machine falls on each column alike. Waits for this process to be quiet first
 * (settle). Also the CPU this process used per request (median), which the machine's load inflates less than
 * wall time: directly, that is the client's own; through our /sparql, the client's and our server's; through
 * the bare hop, the client's and the hop's.
 */
export async function forwardingTable(options: { ours: string; server: string; proxy?: string; queries: readonly [string, string][]; runs: number; oursLabel: string; line: (s?: string) => void }): Promise<void> {
  const { post, close } = sparqlPoster();
  const ours = (q: string) => post(options.ours, q, 'application/sparql-query');
  const theirs = (q: string) => post(options.server, new URLSearchParams({ query: q }).toString(), 'application/x-www-form-urlencoded');
  const proxied = (q: string) => post(options.proxy!, q, 'application/sparql-query');
  const rowsOf = (body: string): number => (JSON.parse(body) as { results: { bindings: unknown[] } }).results.bindings.length;
  const { line } = options;
  const withProxy = options.proxy !== undefined;
  const settled = await settle();
  line();
  line(`(waited ${fmt(settled / 1000, 0)} s for this process to be quiet)`);
  line();
  line(
    withProxy
      ? `| query | rows | Virtuoso directly (ms, median) | ${options.oursLabel} (ms, median) | ratio | bare Node hop (ms, median) | hop ratio | hop's share of our extra time | CPU per request, ms: direct / ours / hop |`
      : `| query | rows | Virtuoso directly (ms, median) | ${options.oursLabel} (ms, median) | ratio |`,
  );
  line(withProxy ? '|---|---:|---:|---:|---:|---:|---:|---:|---:|' : '|---|---:|---:|---:|---:|');
  try {
    for (const [label, q] of options.queries) {
      const times: Record<Leg, number[]> = { direct: [], ours: [], proxy: [] };
      const cpu: Record<Leg, number[]> = { direct: [], ours: [], proxy: [] };
      const legs: [Leg, (q: string) => Promise<{ status: number; body: string }>][] = [['direct', theirs], ['ours', ours]];
      if (withProxy) legs.push(['proxy', proxied]);
      let rows = -1;
      for (let i = 0; i < options.runs + 3; i++) {
        for (let k = 0; k < legs.length; k++) {
          const [leg, send] = legs[(i + k) % legs.length]!;
          const c = process.cpuUsage();
          const s = performance.now();
          const r = await send(q);
          const ms = performance.now() - s;
          const used = process.cpuUsage(c);
          if (r.status !== 200) throw new Error(`${label}: ${leg} HTTP ${r.status} ${r.body.slice(0, 300)}`);
          const n = rowsOf(r.body);
          if (rows >= 0 && n !== rows) throw new Error(`${label}: ${leg} gave ${n} rows, another ${rows}`);
          rows = n;
          if (i >= 3) {
            times[leg].push(ms);
            cpu[leg].push((used.user + used.system) / 1000);
          }
        }
      }
      const [d, o] = [median(times.direct), median(times.ours)];
      const cells = [label, fmt(rows), fmt(d, 2), fmt(o, 2), fmt(o / d, 2)];
      if (withProxy) {
        const p = median(times.proxy);
        cells.push(fmt(p, 2), fmt(p / d, 2), o > d ? `${fmt((100 * (p - d)) / (o - d))} %` : 'no extra time');
        cells.push(`${fmt(median(cpu.direct), 2)} / ${fmt(median(cpu.ours), 2)} / ${fmt(median(cpu.proxy), 2)}`);
      }
      line(`| ${cells.join(' | ')} |`);
    }
  } finally {
    close();
  }
}

/**
 * Prints a Markdown table of each query's median time through one endpoint (three warm-up rounds, then
 * `runs`), with the rows and the CPU this process used per request (median): the embedded mode's figures,
 * where the endpoint's service runs in this process. Waits for this process to be quiet first (settle).
 */
export async function endpointTable(options: { endpoint: string; queries: readonly [string, string][]; runs: number; label: string; line: (s?: string) => void }): Promise<void> {
  const { post, close } = sparqlPoster();
  const { line } = options;
  const settled = await settle();
  line();
  line(`(waited ${fmt(settled / 1000, 0)} s for this process to be quiet)`);
  line();
  line(`| query | rows | ${options.label} (ms, median) | CPU per request (ms, median) |`);
  line('|---|---:|---:|---:|');
  try {
    for (const [label, q] of options.queries) {
      const times: number[] = [];
      const cpu: number[] = [];
      let rows = 0;
      for (let i = 0; i < options.runs + 3; i++) {
        const c = process.cpuUsage();
        const s = performance.now();
        const r = await post(options.endpoint, q, 'application/sparql-query');
        const ms = performance.now() - s;
        const used = process.cpuUsage(c);
        if (r.status !== 200) throw new Error(`${label}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
        rows = (JSON.parse(r.body) as { results: { bindings: unknown[] } }).results.bindings.length;
        if (i >= 3) {
          times.push(ms);
          cpu.push((used.user + used.system) / 1000);
        }
      }
      line(`| ${label} | ${fmt(rows)} | ${fmt(median(times), 2)} | ${fmt(median(cpu), 2)} |`);
    }
  } finally {
    close();
  }
}
