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
 * Prints a Markdown table of each query's median time on the server directly and through our /sparql
 * (three warm-up rounds, then `runs`), checking both give the same number of rows.
 */
export async function forwardingTable(options: { ours: string; server: string; queries: readonly [string, string][]; runs: number; oursLabel: string; line: (s?: string) => void }): Promise<void> {
  const { post, close } = sparqlPoster();
  const ours = (q: string) => post(options.ours, q, 'application/sparql-query');
  const theirs = (q: string) => post(options.server, new URLSearchParams({ query: q }).toString(), 'application/x-www-form-urlencoded');
  const rowsOf = (body: string): number => (JSON.parse(body) as { results: { bindings: unknown[] } }).results.bindings.length;
  const { line } = options;
  line();
  line(`| query | rows | Virtuoso directly (ms, median) | ${options.oursLabel} (ms, median) | ratio |`);
  line('|---|---:|---:|---:|---:|');
  try {
    for (const [label, q] of options.queries) {
      const direct: number[] = [];
      const forwarded: number[] = [];
      let rows = 0;
      for (let i = 0; i < options.runs + 3; i++) {
        let s = performance.now();
        const d = await theirs(q);
        const dMs = performance.now() - s;
        s = performance.now();
        const f = await ours(q);
        const fMs = performance.now() - s;
        if (d.status !== 200 || f.status !== 200) throw new Error(`${label}: Virtuoso HTTP ${d.status}, /sparql HTTP ${f.status} ${f.body.slice(0, 300)}`);
        rows = rowsOf(d.body);
        if (rowsOf(f.body) !== rows) throw new Error(`${label}: /sparql gave ${rowsOf(f.body)} rows, Virtuoso ${rows}`);
        if (i >= 3) {
          direct.push(dMs);
          forwarded.push(fMs);
        }
      }
      line(`| ${label} | ${fmt(rows)} | ${fmt(median(direct), 2)} | ${fmt(median(forwarded), 2)} | ${fmt(median(forwarded) / median(direct), 2)} |`);
    }
  } finally {
    close();
  }
}
