import type { RequestHandler, Router } from 'express';
import { MethodNotAllowedError } from '../core/errors.js';
import { excerpt } from './echo.js';

/** A router and the path it is mounted at. */
export interface RouterMount {
  readonly path: string;
  readonly router: Router;
}

/** The parts of the router's layers this module reads (express 5 / router 2). */
interface LayerLike {
  match(path: string): { path: string } | false;
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

function collect(stack: readonly LayerLike[], path: string, into: Set<string>): void {
  for (const layer of stack) {
    const matched = layer.match(path);
    if (matched === false) continue;
    if (layer.route !== undefined) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') into.add(method.toUpperCase());
    } else if (Array.isArray(layer.handle?.stack)) {
      collect(layer.handle.stack, path.slice(matched.path.length) || '/', into);
    }
  }
}

/** The methods the routers' routes answer at `path` (HEAD with GET, OPTIONS when any), sorted. */
export function allowedMethods(mounts: readonly RouterMount[], path: string): string[] {
  const methods = new Set<string>();
  for (const { path: prefix, router } of mounts) {
    const base = prefix === '/' ? '' : prefix.replace(/\/$/, '');
    if (base !== '' && path !== base && !path.startsWith(`${base}/`)) continue;
    collect((router as unknown as { stack: LayerLike[] }).stack, path.slice(base.length) || '/', methods);
  }
  if (methods.has('GET')) methods.add('HEAD');
  if (methods.size > 0) methods.add('OPTIONS');
  return [...methods].sort();
}

/**
 * Answers a request no route took, at a path some route serves with another method, with 405 and
 * `Allow` listing the methods that path answers (RFC 9110 §15.5.6). Mount it after the routes, before
 * the 404 handler.
 */
export function methodNotAllowedHandler(mounts: () => readonly RouterMount[]): RequestHandler {
  return (req, _res, next) => {
    const allow = allowedMethods(mounts(), req.path);
    if (allow.length === 0 || allow.includes(req.method)) {
      next();
      return;
    }
    next(new MethodNotAllowedError(`${excerpt(req.method, 20)} is not answered at ${excerpt(req.path)}; use ${allow.join(', ')}.`, { allow }));
  };
}
