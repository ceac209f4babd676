import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { logContext } from '../../src/core/log-context.js';
import { startWorker } from '../../src/core/worker-module.js';

describe('startWorker', () => {
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.terminate();
    worker = undefined;
  });

  it("starts a worker from a module beside the caller, in the caller's own form", async () => {
    worker = startWorker(import.meta.url, './fixtures/echo-worker');
    worker.postMessage('ping');
    expect((await once(worker, 'message'))[0]).toBe('ping');
  });

  it("does not tie the worker's events to the request that started it: their log lines carry no requestId of that request", async () => {
    // A worker started while a request is handled (a replica refilled after that request stopped a
    // query, a validation worker started by its document) outlives the request and serves others.
    worker = logContext.run({ requestId: 'the-starting-request' }, () => startWorker(import.meta.url, './fixtures/echo-worker'));
    const seen = new Promise<unknown>((resolve) => worker!.once('message', () => resolve(logContext.getStore())));
    worker.postMessage('ping');
    expect(await seen).toBeUndefined();
  });
});
