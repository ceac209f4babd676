import { describe, expect, it } from 'vitest';
import { QueryTimeoutError, ServiceUnavailableError, TooManyRequestsError } from '../../src/core/errors.js';
import { ClientEngineBudget } from '../../src/sparql/oxigraph/client-engine-budget.js';
import type { Replica, Task } from '../../src/sparql/oxigraph/pool-task.js';
import { QueryAdmission, type AdmissionLimits } from '../../src/sparql/oxigraph/query-admission.js';
import { QueryHistory } from '../../src/sparql/oxigraph/query-history.js';
import { QueryQueues, type QueryCost } from '../../src/sparql/oxigraph/query-queues.js';

const limits: AdmissionLimits = { heavyAfterMs: 1000, heavyPerClient: 2, heavyQueue: 3, lightQueue: 4 };

/** A query task of a client, with its text as its key and shape. */
function task(key: string, cost: QueryCost, client = 'a', more: Partial<Task> = {}): Task {
  return { work: { op: 'query', request: { query: key, mediaType: 'text/csv', timeoutMs: 10_000 }, resultsFormat: 'text/csv', mediaType: 'text/csv' }, key, shape: key, client, cost, ...more } as Task;
}

/** Admission over a pool of replicas running these tasks, a budget of 10 s a minute (60 s at once) and a restart costing 5 s. */
function admission(running: (Task | null)[] = []): { admission: QueryAdmission; queues: QueryQueues<Task>; history: QueryHistory; budget: ClientEngineBudget } {
  const queues = new QueryQueues<Task>();
  const history = new QueryHistory(100, 300_000);
  const budget = new ClientEngineBudget(10_000, 60_000);
  const replicas = running.map((current) => ({ state: 'ready', current, queued: [] }) as unknown as Replica);
  const pool = { replicas, queues, closed: () => false, dispatch: () => {}, restartMs: () => 5_000 };
  return { admission: new QueryAdmission(pool, history, budget, limits), queues, history, budget };
}

describe('QueryAdmission: the cost a query arrives with', () => {
  it('is unknown for a query never seen, light for one short without running (evident)', () => {
    const { admission: a } = admission();
    expect(a.admit('q', 'shape', false, 'a', 10_000)).toBe('unknown');
    expect(a.admit('q', 'shape', true, 'a', 10_000)).toBe('light');
  });

  it('is what the history says of its text, else of its shape', () => {
    const { admission: a, history } = admission();
    history.ran('shape', false);
    expect(a.admit('q', 'shape', false, 'a', 10_000)).toBe('light');
    history.ran('q', true);
    expect(a.admit('q', 'shape', false, 'a', 10_000)).toBe('heavy');
  });

  it('is heavy for a second copy of a query running that is not known to be short', () => {
    expect(admission([task('q', 'unknown')]).admission.admit('q', 'shape', false, 'a', 10_000)).toBe('heavy');
    expect(admission([task('q', 'light')]).admission.admit('q', 'shape', true, 'a', 10_000)).toBe('light');
  });
});

describe('QueryAdmission: what is refused at once', () => {
  it('refuses a heavy query of a client with as many running and waiting as one may have (429), not another client’s', () => {
    const { admission: a, queues, history } = admission([task('h1', 'heavy')]);
    queues.add(task('h2', 'heavy'));
    history.ran('h3', true);
    const refusal = a.admit('h3', 'h3', false, 'a', 10_000);
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect(refusal).toMatchObject({ extra: { retryAfter: 2, maxPerClient: 2 } }); // the light budget per waiting heavy query
    expect(a.admit('h3', 'h3', false, 'b', 10_000)).toBe('heavy');
  });

  it('refuses heavy queries while the heavy queue is full, and others while their queue is (503)', () => {
    const { admission: a, queues, history } = admission();
    for (const client of ['b', 'c', 'd']) queues.add(task(`h-${client}`, 'heavy', client));
    history.ran('h', true);
    expect(a.admit('h', 'h', false, 'a', 10_000)).toBeInstanceOf(ServiceUnavailableError);
    expect(a.admit('l', 'l', true, 'a', 10_000)).toBe('light');
    for (const n of [1, 2, 3, 4]) queues.add(task(`l${n}`, 'light', `c${n}`));
    expect(a.admit('l', 'l', true, 'a', 10_000)).toBeInstanceOf(ServiceUnavailableError);
  });

  it('refuses a query stopped at its time limit lately when it comes with the same or a lower limit', () => {
    const { admission: a, history } = admission();
    history.timedOut('q', 10_000);
    expect(a.admit('q', 'q', false, 'a', 10_000)).toBeInstanceOf(QueryTimeoutError);
    expect(a.admit('q', 'q', false, 'a', 20_000)).toBe('heavy');
  });

  it('refuses to start a heavy query with less time left than a query of its form ran before it was stopped', () => {
    const { admission: a, history } = admission();
    history.stoppedAfter('q', 8_000);
    expect(a.unfinishable(task('q', 'heavy', 'a', { deadline: Date.now() + 5_000, timeoutMs: 30_000 }))).toBeInstanceOf(QueryTimeoutError);
    expect(a.unfinishable(task('q', 'heavy', 'a', { deadline: Date.now() + 9_000, timeoutMs: 30_000 }))).toBeUndefined();
  });
});

describe('QueryAdmission: each client’s engine budget', () => {
  it('holds a client’s long-running and unseen queries back once its runs (and the restarts they caused) spent the budget; light ones run', () => {
    const { admission: a, budget } = admission();
    const stopped = task('q', 'heavy', 'a', { startedAt: performance.now() - 56_000 });
    a.charge(stopped, true); // 56 s run and 5 s restart: 1 s past the 60 s at once
    expect(budget.waitMs('a')).toBeGreaterThan(0);
    expect(a.withinBudget(task('u', 'unknown'))).toBe(false);
    expect(a.withinBudget(task('l', 'light'))).toBe(true);
    expect(a.withinBudget(task('u', 'unknown', 'b'))).toBe(true);
    expect(a.budgetRefusal('a')).toBeInstanceOf(TooManyRequestsError);
  });
});
