import { Worker, type WorkerOptions } from 'node:worker_threads';
import { logContext } from './log-context.js';

/**
 * Starts a worker thread from a module next to the caller, in the caller's own form: compiled `.js`
 * in production, TypeScript `.ts` under the test runner (loaded through tsx).
 *
 *   startWorker(import.meta.url, './validation-worker', { workerData })
 *
 * Node 20 does not apply `--import tsx` from a worker's execArgv to the worker's entry module
 * (ERR_UNKNOWN_FILE_EXTENSION), so a `.ts` worker starts from a small bootstrap that registers tsx
 * inside the worker and then imports the module.
 *
 * The worker is started outside any request's log context: its events (messages, exit) would otherwise
 * run in the context of the request that happened to start it, and every line logged from them, for
 * whatever request or background work, would carry that request's `requestId`.
 */
export function startWorker(callerUrl: string, relative: string, options: WorkerOptions = {}): Worker {
  const isTs = callerUrl.endsWith('.ts');
  const url = new URL(`${relative}${isTs ? '.ts' : '.js'}`, callerUrl);
  if (!isTs) return logContext.exit(() => new Worker(url, options));
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return logContext.exit(() => new Worker(bootstrap, { ...options, eval: true }));
}
