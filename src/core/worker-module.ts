import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread from a module next to the caller, in the caller's own form: compiled `.js`
 * in production, TypeScript `.ts` under the test runner (loaded through tsx).
 *
 *   startWorker(import.meta.url, './validation-worker', { workerData })
 */
export function startWorker(callerUrl: string, relative: string, options: WorkerOptions = {}): Worker {
  const isTs = callerUrl.endsWith('.ts');
  const url = new URL(`${relative}${isTs ? '.ts' : '.js'}`, callerUrl);
  const execArgv = isTs ? [...(options.execArgv ?? []), '--import', 'tsx'] : options.execArgv;
  return new Worker(url, { ...options, ...(execArgv ? { execArgv } : {}) });
}
