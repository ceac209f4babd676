import { describe, expect, it } from 'vitest';
import { QueryQueues, type EngineView, type QueryCost, type ScheduledJob } from '../../src/sparql/oxigraph/query-queues.js';

interface Job extends ScheduledJob {
  readonly name: string;
}

const job = (name: string, cost: QueryCost, client = 'a'): Job => ({ name, cost, client });
const idle: EngineView<Job> = { ready: true, job: null };
const running = (j: Job): EngineView<Job> => ({ ready: true, job: j });
const loading: EngineView<Job> = { ready: false, job: null };

/** Places jobs on an idle engine beside the others, as the pool does, and returns the names taken in turn. */
function drain(queues: QueryQueues<Job>, others: readonly EngineView<Job>[], probation = true): string[] {
  const taken: string[] = [];
  for (let j = queues.take([idle, ...others], probation); j !== undefined; j = queues.take([idle, ...others], probation)) taken.push(j.name);
  return taken;
}

describe('QueryQueues: which waiting query a free SPARQL engine runs', () => {
  it('runs light work first, then unknown, then heavy, when the engine may take heavy work', () => {
    const q = new QueryQueues<Job>();
    const long = { ...job('long', 'heavy'), placedAs: 'heavy' as const };
    for (const j of [job('h', 'heavy'), job('u', 'unknown'), job('l', 'light')]) q.add(j);
    expect(drain(q, [running(long), idle])).toEqual(['l', 'u', 'h']);
  });

  it('gives waiting heavy work an engine first while no engine runs any, then unknown work, so a flow of short work cannot starve them', () => {
    const q = new QueryQueues<Job>();
    for (const j of [job('l1', 'light'), job('u', 'unknown', 'c'), job('h', 'heavy', 'b'), job('l2', 'light')]) q.add(j);
    expect(q.take([idle, idle], true)?.name).toBe('h');
    expect(q.take([idle, idle], true)?.name).toBe('u');
    // The other engine is then the last one for short work.
    expect(q.take([idle, running({ ...job('h', 'heavy', 'b'), placedAs: 'heavy' })], true)?.name).toBe('l1');
  });

  it('runs light work before heavy on the only engine there is', () => {
    const q = new QueryQueues<Job>();
    for (const j of [job('h', 'heavy'), job('u', 'unknown'), job('l', 'light')]) q.add(j);
    expect(drain(q, [])).toEqual(['l', 'u', 'h']);
  });

  it('keeps the last engine not running heavy work for light and unknown work', () => {
    const q = new QueryQueues<Job>();
    const long = { ...job('long', 'heavy'), placedAs: 'heavy' as const };
    for (const j of [job('h1', 'heavy'), job('u', 'unknown'), job('l', 'light'), job('h2', 'heavy')]) q.add(j);
    expect(drain(q, [running(long)])).toEqual(['l', 'u']);
    expect(q.waiting('heavy').map((j) => j.name)).toEqual(['h1', 'h2']);
    // With another engine free of heavy work, the heavy ones may run.
    expect(drain(q, [running(long), idle])).toEqual(['h1', 'h2']);
  });

  it('keeps unknown and heavy work off the one engine that holds every change while the other is far behind', () => {
    const q = new QueryQueues<Job>();
    for (const j of [job('h', 'heavy'), job('u', 'unknown', 'b'), job('l', 'light', 'c')]) q.add(j);
    const behind: EngineView<Job> = { ready: true, job: null, lagging: true };
    expect(drain(q, [behind])).toEqual(['l']);
    expect(q.waiting().map((j) => j.name).sort()).toEqual(['h', 'u']);
    // Once it has caught up, they run.
    expect(drain(q, [idle])).toEqual(['h', 'u']);
  });

  it('lets heavy work take the only engine there is, in a pool of one', () => {
    const q = new QueryQueues<Job>();
    q.add(job('h', 'heavy'));
    expect(drain(q, [])).toEqual(['h']);
  });

  it('keeps heavy work off the one ready engine while another is loading (restarted): short work keeps it', () => {
    const q = new QueryQueues<Job>();
    for (const j of [job('h', 'heavy'), job('l', 'light')]) q.add(j);
    expect(drain(q, [loading])).toEqual(['l']);
    expect(q.waiting('heavy').map((j) => j.name)).toEqual(['h']);
    // Once the other is ready again, the heavy one takes an engine.
    expect(drain(q, [idle])).toEqual(['h']);
  });

  it('keeps unknown work off the last engine while another is loading (probation would put the engine left serving at stake)', () => {
    const q = new QueryQueues<Job>();
    for (const j of [job('u', 'unknown'), job('l', 'light')]) q.add(j);
    expect(drain(q, [loading], true)).toEqual(['l']);
    expect(drain(q, [idle], true)).toEqual(['u']);
  });

  it('keeps unknown work off the last engine while no move is allowed (only light work takes it)', () => {
    const q = new QueryQueues<Job>();
    const long = { ...job('long', 'heavy'), placedAs: 'heavy' as const };
    for (const j of [job('u', 'unknown'), job('l', 'light')]) q.add(j);
    expect(drain(q, [running(long)], false)).toEqual(['l']);
    expect(q.waiting('unknown').map((j) => j.name)).toEqual(['u']);
  });

  it('serves clients in turn: one client backlog of unknown queries does not hold up another client', () => {
    const q = new QueryQueues<Job>();
    for (let i = 0; i < 5; i++) q.add(job(`a${i}`, 'unknown', 'attacker'));
    q.add(job('b0', 'unknown', 'b'));
    q.add(job('c0', 'unknown', 'c'));
    const first = q.take([idle, idle], true)!;
    expect(first.name).toBe('a0');
    // The attacker was just served: the others go before its next one, then it has its turn again.
    expect(drain(q, [idle])).toEqual(['b0', 'c0', 'a1', 'a2', 'a3', 'a4']);
  });

  it('keeps one client\'s own queries in arrival order', () => {
    const q = new QueryQueues<Job>();
    for (const name of ['x', 'y', 'z']) q.add(job(name, 'light', 'one'));
    expect(drain(q, [idle])).toEqual(['x', 'y', 'z']);
  });

  it('moves a waiting unknown query to the class its cost is now known to be', () => {
    const q = new QueryQueues<Job>();
    const u = job('u', 'unknown');
    q.add(u);
    q.add(job('l', 'light'));
    q.reclassify(u, 'heavy');
    expect(u.cost).toBe('heavy');
    expect(q.waiting('heavy')).toEqual([u]);
    expect(q.waiting('unknown')).toEqual([]);
    q.reclassify(job('not waiting', 'unknown'), 'light'); // a job not waiting is left alone
    expect(q.size).toBe(2);
  });

  describe('moving a query that turned heavy off its engine', () => {
    const turned = (name: string, placedAs: QueryCost, placedAt: number): Job => ({ ...job(name, 'heavy'), placedAs, placedAt });

    it('picks the query placed last of those that turned heavy, when short work waits and every engine runs heavy work', () => {
      const q = new QueryQueues<Job>();
      q.add(job('ask', 'light'));
      const older = turned('older', 'unknown', 1);
      const newer = turned('newer', 'light', 2);
      expect(q.preemptable([running(older), running(newer)], true)).toBe(newer);
    });

    it('moves a query placed as light only from its movableAt on (a grace), one placed as unknown at once', () => {
      const q = new QueryQueues<Job>();
      q.add(job('ask', 'light'));
      const slowLookup = { ...turned('lookup', 'light', 2), movableAt: 5_000 };
      expect(q.preemptable([running(turned('h', 'heavy', 1)), running(slowLookup)], true, 4_999)).toBeUndefined();
      expect(q.preemptable([running(turned('h', 'heavy', 1)), running(slowLookup)], true, 5_000)).toBe(slowLookup);
      expect(q.preemptable([running(turned('u', 'unknown', 1)), running(turned('v', 'unknown', 2))], true, 0)?.name).toBe('v');
    });

    it('moves nothing while a query placed as light is within its grace: its engine is likely free first, and a long run elsewhere is not thrown away', () => {
      const q = new QueryQueues<Job>();
      q.add(job('ask', 'light'));
      const slowLookup = { ...turned('lookup', 'light', 2), movableAt: 5_000 };
      const longRun = turned('long run', 'unknown', 1);
      expect(q.preemptable([running(longRun), running(slowLookup)], true, 4_999)).toBeUndefined();
      expect(q.preemptable([running(longRun), running(slowLookup)], true, 5_000)).toBe(slowLookup);
    });

    it('never moves a query placed as heavy', () => {
      const q = new QueryQueues<Job>();
      q.add(job('ask', 'light'));
      expect(q.preemptable([running(turned('a', 'heavy', 1)), running(turned('b', 'heavy', 2))], true)).toBeUndefined();
      expect(q.preemptable([running(turned('a', 'heavy', 1)), running(turned('b', 'unknown', 2))], true)?.name).toBe('b');
    });

    it('moves nothing while an engine is idle or runs short work, or nothing short waits', () => {
      const q = new QueryQueues<Job>();
      const t = turned('t', 'unknown', 1);
      expect(q.preemptable([running(t), running(turned('u', 'unknown', 2))], true)).toBeUndefined(); // nothing waits
      q.add(job('ask', 'light'));
      expect(q.preemptable([running(t), idle], true)).toBeUndefined();
      expect(q.preemptable([running(t), running({ ...job('short', 'unknown'), placedAs: 'unknown', placedAt: 3 })], true)).toBeUndefined();
      expect(q.preemptable([running(t), running(turned('u', 'unknown', 2))], true)?.name).toBe('u');
    });

    it('moves nothing while an engine is loading: the move would leave no engine, and none to copy from', () => {
      const q = new QueryQueues<Job>();
      q.add(job('ask', 'light'));
      expect(q.preemptable([running(turned('p', 'unknown', 1)), loading], true)).toBeUndefined();
      expect(q.preemptable([running(turned('p', 'unknown', 1)), running(turned('h', 'heavy', 2))], true)?.name).toBe('p');
    });

    it('names a query to move for waiting unknown work only while probation is allowed, for waiting light work regardless', () => {
      const q = new QueryQueues<Job>();
      q.add(job('u', 'unknown'));
      const engines = [running(turned('t1', 'unknown', 1)), running(turned('t2', 'unknown', 2))];
      expect(q.preemptable(engines, false)).toBeUndefined();
      expect(q.preemptable(engines, true)?.name).toBe('t2');
      q.add(job('l', 'light'));
      expect(q.preemptable(engines, false)?.name).toBe('t2');
    });
  });
});
