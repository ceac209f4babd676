import { MessageChannel, parentPort, receiveMessageOnPort, workerData, type MessagePort, type Worker, type WorkerOptions } from 'node:worker_threads';
import { startWorker } from './worker-module.js';

/**
 * Answers from worker threads, taken promptly while the main thread is busy with requests.
 *
 * A worker's message reaches the main thread as an event of the event loop, which under load waits
 * behind every request the loop has already read: measured with 40 clients of 3 ms requests on this
 * machine, a request that waits for one answer from a worker had p95 2.9-3.5 s against 0.3-0.5 s for the
 * others. So a worker sends its answers on a channel of its own (`openAnswerChannel`, handed to it in
 * `workerData.answers`), and the service takes what waits on every open channel at the start of each
 * request (`takeWaitingAnswers`): work already begun is finished before new work starts, and the same
 * request then had p95 0.3-0.5 s, as the others. Between requests the channel's own event still delivers
 * answers as before. Per channel, answers arrive in the order they were sent, whichever way they come.
 */
const open = new Map<MessagePort, (message: unknown) => void>();

export interface AnswerChannel {
  /** The worker's end: pass it in `workerData.answers` and in the worker's `transferList`. */
  readonly workerPort: MessagePort;
  /** Hands over what waits on the channel, then closes it (when the worker has ended: answers it sent before it ended count). */
  close(): void;
  /**
   * Whether an answer is awaited: while one is, the channel keeps the process running (a channel opened
   * with `keepsProcessAlive` false does only then, so an idle unreferenced worker never holds it up).
   */
  awaiting(yes: boolean): void;
}

/**
 * Opens a channel for one worker's answers, each handed to `onAnswer` in order. `keepsProcessAlive`
 * false: the channel keeps the process running only while `awaiting(true)` (for a worker that is
 * unreferenced too).
 */
export function openAnswerChannel(onAnswer: (message: unknown) => void, options: { readonly keepsProcessAlive?: boolean } = {}): AnswerChannel {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', onAnswer);
  if (options.keepsProcessAlive === false) port1.unref();
  open.set(port1, onAnswer);
  return {
    workerPort: port2,
    close: () => {
      if (!open.delete(port1)) return;
      take(port1, onAnswer);
      port1.close();
    },
    awaiting: (yes) => {
      if (options.keepsProcessAlive !== false) return;
      if (yes) port1.ref();
      else port1.unref();
    },
  };
}

/**
 * Starts a worker module (as startWorker does) whose answers come on a channel of its own: the channel's
 * end goes to it in `workerData.answers` (merged into the options' workerData, an object), and the channel
 * closes when the worker ends, handing over what it had answered first.
 */
export function startAnsweringWorker(
  callerUrl: string,
  relative: string,
  onAnswer: (message: unknown) => void,
  options: WorkerOptions & { readonly keepsProcessAlive?: boolean } = {},
): { readonly worker: Worker; readonly answers: AnswerChannel } {
  const { keepsProcessAlive, ...workerOptions } = options;
  const answers = openAnswerChannel(onAnswer, keepsProcessAlive !== undefined ? { keepsProcessAlive } : {});
  const worker = startWorker(callerUrl, relative, {
    ...workerOptions,
    workerData: { ...(workerOptions.workerData as object | undefined), answers: answers.workerPort },
    transferList: [...(workerOptions.transferList ?? []), answers.workerPort],
  });
  worker.on('exit', () => answers.close());
  return { worker, answers };
}

/** Hands every answer waiting on an open channel to its handler now. */
export function takeWaitingAnswers(): void {
  for (const [port, onAnswer] of open) take(port, onAnswer);
}

function take(port: MessagePort, onAnswer: (message: unknown) => void): void {
  for (let taken = receiveMessageOnPort(port); taken !== undefined; taken = receiveMessageOnPort(port)) {
    try {
      onAnswer(taken.message);
    } catch (error) {
      // As a throwing 'message' listener would: uncaught, not the request's problem.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/** In a worker thread: where its answers go (the channel its starter opened, else the parent port). */
export function answerPort(): MessagePort {
  const answers = (workerData as { answers?: MessagePort } | null | undefined)?.answers;
  if (answers !== undefined) return answers;
  if (parentPort === null) throw new Error('answerPort() is for worker threads.');
  return parentPort;
}
