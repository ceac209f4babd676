import type { Express } from 'express';

/** The parts of express 5's router layers read here (router 2: `rawPath`, `route`, a mounted router's `stack`). */
interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

const WRITE_OR_READ = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** An express path (`/api/sources/:id`, `/sources/:id/{*rest}`) as an OpenAPI path template (`/api/sources/{id}`, `/sources/{id}/{rest}`). */
export function openApiTemplate(expressPath: string): string {
  return expressPath.replace(/\{\*(\w+)\}/g, '{$1}').replace(/:(\w+)/g, '{$1}');
}

function walk(stack: readonly LayerLike[], prefix: string, into: Set<string>): void {
  for (const layer of stack) {
    if (layer.route !== undefined) {
      const paths = Array.isArray(layer.route.path) ? (layer.route.path as unknown[]) : [layer.route.path];
      for (const p of paths) {
        if (typeof p !== 'string') throw new Error(`A route with a non-string path (${String(p)}) cannot be described.`);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          // `_all` is router.all(): an answer for methods no other route takes (405), not an operation.
          if (on && WRITE_OR_READ.has(method)) into.add(`${method.toUpperCase()} ${openApiTemplate(`${prefix}${p === '/' && prefix !== '' ? '' : p}`)}`);
        }
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      const raw = layer.rawPath;
      if (typeof raw !== 'string') throw new Error('A router mounted at several paths or a pattern cannot be enumerated.');
      walk(layer.handle.stack, raw === '/' ? prefix : `${prefix}${raw.replace(/\/$/, '')}`, into);
    }
  }
}

/** Every `METHOD /path` the app's routers answer (HEAD and OPTIONS, which express adds, left out), as OpenAPI templates. */
export function appRoutes(app: Express): Set<string> {
  const router = (app as unknown as { router: { stack: LayerLike[] } }).router;
  const routes = new Set<string>();
  walk(router.stack, '', routes);
  return routes;
}
