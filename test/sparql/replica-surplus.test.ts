import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { Replica, Task } from '../../src/sparql/oxigraph/pool-task.js';
import type { ReplicaThread } from '../../src/sparql/oxigraph/replica-thread.js';
import { ReplicaSurplus, surplusReplica, type SurplusPool } from '../../src/sparql/oxigraph/replica-surplus.js';

/** A replica serving nothing, with a thread that only counts its termination. */
function replica(number: number, state: Replica['state'], appliedSeq = 0, busy: Partial<Pick<Replica, 'current' | 'queued' | 'applying' | 'dumping'>> = {}): Replica & { terminated: number } {
  const r = { number, state, generation: 0, current: null, queued: [], pending: [], applying: null, appliedSeq, lastChunkAt: 0, lastChunkMs: 0, dumping: false, failures: 0, terminated: 0, ...busy } as unknown as Replica & { terminated: number };
  r.thread = { terminate: async () => void r.terminated++ } as unknown as ReplicaThread;
  return r;
}

const task = {} as Task;

function pool(replicas: Replica[]): SurplusPool & { wakes: number } {
  const p = { replicas, closed: () => false, wakes: 0, wakeApplies: () => void p.wakes++ };
  return p;
}

describe('surplusReplica: which replica a pool with too many lets go', () => {
  it('lets a loading replica go first, then the ready one furthest behind', () => {
    const behind = replica(0, 'ready', 3);
    const ahead = replica(1, 'ready', 5);
    const loading = replica(2, 'loading');
    expect(surplusReplica([behind, ahead, loading])).toBe(loading);
    expect(surplusReplica([ahead, behind])).toBe(behind);
  });

  it('never lets the last ready replica go', () => {
    expect(surplusReplica([replica(0, 'ready')])).toBeUndefined();
  });

  it('lets go only a replica that serves nothing: no query running or sent behind one, no chunk applied, no copy taken from it', () => {
    const ahead = replica(0, 'ready', 5);
    for (const busy of [{ current: task }, { queued: [task] }, { applying: { seq: 6, order: 1, changes: [], last: true } }, { dumping: true }]) {
      expect(surplusReplica([ahead, replica(1, 'ready', 1, busy)])).toBe(ahead);
      expect(surplusReplica([replica(0, 'ready', 5, busy), replica(1, 'ready', 1, busy)])).toBeUndefined();
    }
  });
});

describe('ReplicaSurplus: how many replicas a pool keeps', () => {
  it('lets go of the replicas beyond those kept at once when they serve nothing: out of the pool, closed, thread ended', () => {
    const [a, b, c] = [replica(0, 'ready', 2), replica(1, 'ready', 1), replica(2, 'loading')];
    const p = pool([a, b, c]);
    new ReplicaSurplus(p, undefined, 0, silentLogger).keep(1);
    expect(p.replicas).toEqual([a]);
    for (const gone of [b, c]) expect(gone).toMatchObject({ state: 'closed', generation: 1, pending: [], terminated: 1 });
    expect(p.wakes).toBe(2); // apply() may have waited for one let go to catch up
  });

  it('lets a busy replica go once it comes free', () => {
    const busy = replica(1, 'ready', 0, { current: task });
    const p = pool([replica(0, 'ready', 0, { current: task }), busy]);
    const surplus = new ReplicaSurplus(p, undefined, 0, silentLogger);
    surplus.keep(1);
    expect(p.replicas).toHaveLength(2);
    busy.current = null;
    surplus.letGo();
    expect(p.replicas).toHaveLength(1);
    expect(busy.state).toBe('closed');
  });

  it('keeps at least one replica', () => {
    expect(() => new ReplicaSurplus(pool([replica(0, 'ready')]), undefined, 0, silentLogger).keep(0)).toThrow(/at least one replica/);
  });

  it('asks how many replicas are wanted at most every checkMs, and lets the surplus go when fewer are', async () => {
    let asked = 0;
    const p = pool([replica(0, 'ready'), replica(1, 'ready')]);
    const surplus = new ReplicaSurplus(p, async () => (asked++, 1), 60_000, silentLogger);
    surplus.reconsider();
    surplus.reconsider();
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toBe(1);
    expect(p.replicas).toHaveLength(1);
  });
});
