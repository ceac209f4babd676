import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openAnswerChannel, takeWaitingAnswers, type AnswerChannel } from '../../src/core/prompt-answers.js';

/**
 * A worker that, for each number it is sent, answers on its answer channel `count` times and then raises a
 * shared flag, so the main thread can wait (blocking, as a busy event loop would) until the answers are sent.
 */
const ANSWERING_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.flag);
parentPort.on('message', (count) => {
  for (let i = 1; i <= count; i++) workerData.answers.postMessage(i);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});`;

describe('prompt answers: a worker thread\'s answers taken while the main thread is busy', () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  function start(): { channel: AnswerChannel; received: unknown[]; ask: (count: number) => void } {
    const received: unknown[] = [];
    const channel = openAnswerChannel((answer) => received.push(answer));
    const shared = new SharedArrayBuffer(4);
    const flag = new Int32Array(shared);
    const worker = new Worker(ANSWERING_WORKER, { eval: true, workerData: { answers: channel.workerPort, flag: shared }, transferList: [channel.workerPort] });
    cleanup.push(() => worker.terminate(), () => channel.close());
    return {
      channel,
      received,
      ask: (count) => {
        Atomics.store(flag, 0, 0);
        worker.postMessage(count);
        // Blocks this thread, as a long run of requests would: no event of the loop is handled meanwhile.
        Atomics.wait(flag, 0, 0, 10_000);
      },
    };
  }

  it('hands waiting answers over at once, in order, without a turn of the event loop', () => {
    const { received, ask } = start();
    ask(3);
    expect(received).toEqual([]); // the loop has had no turn: nothing delivered yet
    takeWaitingAnswers();
    expect(received).toEqual([1, 2, 3]);
  });

  it('still delivers answers on their own event when nothing takes them, and never twice', async () => {
    const { received, ask } = start();
    ask(2);
    takeWaitingAnswers();
    ask(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([1, 2, 1, 2]);
  });

  it('hands over what waits when the channel closes (a worker that ended had answered), and nothing after', () => {
    const { channel, received, ask } = start();
    ask(2);
    channel.close();
    expect(received).toEqual([1, 2]);
    takeWaitingAnswers();
    channel.close();
    expect(received).toEqual([1, 2]);
  });

  it('keeps the process running while an answer is awaited, even from an unreferenced worker on a channel that does not keep it alone', () => {
    const module = path.join(import.meta.dirname, '../../src/core/prompt-answers.ts');
    const script = (awaiting: boolean): string => `
      import { Worker } from 'node:worker_threads';
      import { openAnswerChannel } from ${JSON.stringify(module)};
      const channel = openAnswerChannel((answer) => { console.log('answered ' + answer); channel.close(); }, { keepsProcessAlive: false });
      const worker = new Worker("const { workerData } = require('node:worker_threads'); setTimeout(() => workerData.answers.postMessage(42), 300); setTimeout(() => {}, 60000);", { eval: true, workerData: { answers: channel.workerPort }, transferList: [channel.workerPort] });
      worker.unref();
      channel.awaiting(${awaiting});`;
    const dir = mkdtempSync(path.join(tmpdir(), 'dk-answers-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const run = (awaiting: boolean): string => {
      const file = path.join(dir, `awaiting-${awaiting}.mjs`);
      writeFileSync(file, script(awaiting));
      return spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 30_000 }).stdout;
    };
    expect(run(true)).toBe('answered 42\n');
    expect(run(false)).toBe(''); // nothing awaited: the process ends without waiting for the idle worker
  });
});
