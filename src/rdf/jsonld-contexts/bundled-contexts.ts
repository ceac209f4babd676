import dcatAp300 from './dcat-ap-3.0.0.json' with { type: 'json' };
import dcatAp301 from './dcat-ap-3.0.1.json' with { type: 'json' };
import hydraCore from './hydra-core.json' with { type: 'json' };

/**
 * JSON-LD contexts we serve from disk instead of fetching (we never fetch contexts: see README.md in
 * this folder for where each file comes from and its licence). Keys are the URLs documents use,
 * without their scheme: http and https name the same context.
 */
const BUNDLED: ReadonlyMap<string, object> = new Map<string, object>([
  ['//semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld', dcatAp301],
  ['//raw.githubusercontent.com/SEMICeu/DCAT-AP/master/releases/3.0.1/context/dcat-ap.jsonld', dcatAp301],
  ['//github.com/SEMICeu/DCAT-AP/raw/refs/heads/master/releases/3.0.1/context/dcat-ap.jsonld', dcatAp301],
  ['//semiceu.github.io/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld', dcatAp300],
  ['//raw.githubusercontent.com/SEMICeu/DCAT-AP/master/releases/3.0.0/context/dcat-ap.jsonld', dcatAp300],
  ['//www.w3.org/ns/hydra/context.jsonld', hydraCore],
  ['//www.w3.org/ns/hydra/core', hydraCore],
  ['//www.w3.org/ns/hydra/core.jsonld', hydraCore],
]);

/** The main URL of each bundled context, for messages ("… or use one of …"). */
export const BUNDLED_CONTEXT_URLS: readonly string[] = Object.freeze([
  'https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld',
  'https://semiceu.github.io/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld',
  'http://www.w3.org/ns/hydra/context.jsonld',
]);

/** The bundled context document for a URL (http or https), or undefined. */
export function bundledContext(url: string): object | undefined {
  const m = /^https?:(\/\/.*)$/i.exec(url);
  if (!m) return undefined;
  const key = m[1]!.replace(/^\/\/([^/]*)/, (host) => host.toLowerCase());
  return BUNDLED.get(key);
}
