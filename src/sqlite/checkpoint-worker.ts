import { parentPort, workerData } from 'node:worker_threads';
import Database, { type Database as Db } from 'better-sqlite3';

/** What the checkpointer asks of its worker. */
export type CheckpointRequest = { readonly watch: string } | { readonly unwatch: string; readonly id: number } | { readonly close: true };
/** What the worker tells: a checkpoint that failed (logged by the checkpointer), a file no longer watched. */
export type CheckpointReply = { readonly file: string; readonly error: string } | { readonly unwatched: number };

/**
 * Worker thread of WalCheckpointer: every `intervalMs` it copies what the write-ahead logs of the
 * watched SQLite files hold into the files (`PRAGMA wal_checkpoint(PASSIVE)`: it waits for no reader
 * or writer and blocks none), through its own connection to each.
 */
const { intervalMs } = workerData as { intervalMs: number };
/** Per file: the worker's connection and how many watched connections of the process share it. */
const connections = new Map<string, { readonly db: Db; watchers: number }>();
const reported = new Set<string>();

function checkpointAll(): void {
  for (const [file, { db }] of connections) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
      reported.delete(file);
    } catch (error) {
      // A failure is told once until the file checkpoints again (a file being replaced, a full disk).
      if (reported.has(file)) continue;
      reported.add(file);
      parentPort!.postMessage({ file, error: error instanceof Error ? error.message : String(error) } satisfies CheckpointReply);
    }
  }
}

const timer = setInterval(checkpointAll, intervalMs);

parentPort!.on('message', (request: CheckpointRequest) => {
  if ('watch' in request) {
    const known = connections.get(request.watch);
    if (known !== undefined) {
      known.watchers++;
      return;
    }
    try {
      connections.set(request.watch, { db: new Database(request.watch, { fileMustExist: true, timeout: 0 }), watchers: 1 });
    } catch (error) {
      parentPort!.postMessage({ file: request.watch, error: error instanceof Error ? error.message : String(error) } satisfies CheckpointReply);
    }
  } else if ('unwatch' in request) {
    // The file stays checkpointed while another connection of the process still watches it.
    const known = connections.get(request.unwatch);
    if (known !== undefined && --known.watchers === 0) {
      known.db.close();
      connections.delete(request.unwatch);
    }
    parentPort!.postMessage({ unwatched: request.id } satisfies CheckpointReply);
  } else {
    clearInterval(timer);
    for (const { db } of connections.values()) db.close();
    connections.clear();
    parentPort!.close();
  }
});
