import { describe, expect, it } from 'vitest';
import { ClientEngineBudget } from '../../src/sparql/oxigraph/client-engine-budget.js';

describe('ClientEngineBudget', () => {
  const clock = (): { now: () => number; pass: (ms: number) => void } => {
    let t = 1_000;
    return { now: () => t, pass: (ms) => (t += ms) };
  };

  it('lets a client use its burst at once, then holds it until the refill brings it back to zero', () => {
    const c = clock();
    const budget = new ClientEngineBudget(10_000, 60_000, c.now);
    expect(budget.balance('a')).toBe(60_000);
    budget.charge('a', 45_000);
    expect(budget.waitMs('a')).toBe(0); // 15 s left
    budget.charge('a', 30_000); // 15 s in debt: 90 s at 10 s a minute
    expect(budget.waitMs('a')).toBe(90_000);
    c.pass(60_000);
    expect(budget.waitMs('a')).toBe(30_000);
    c.pass(30_000);
    expect(budget.waitMs('a')).toBe(0);
  });

  it('keeps each client apart', () => {
    const budget = new ClientEngineBudget(10_000, 1_000, clock().now);
    budget.charge('a', 2_000);
    expect(budget.waitMs('a')).toBeGreaterThan(0);
    expect(budget.waitMs('b')).toBe(0);
    expect(budget.balance('b')).toBe(1_000);
  });

  it('refills no further than the burst', () => {
    const c = clock();
    const budget = new ClientEngineBudget(60_000, 5_000, c.now);
    budget.charge('a', 1_000);
    c.pass(3_600_000);
    expect(budget.balance('a')).toBe(5_000);
  });

  it('forgets the least recently charged clients past its capacity (they start full again)', () => {
    const budget = new ClientEngineBudget(1, 1_000, clock().now, 2);
    for (const client of ['a', 'b', 'c']) budget.charge(client, 5_000);
    expect(budget.waitMs('a')).toBe(0);
    expect(budget.waitMs('b')).toBeGreaterThan(0);
    expect(budget.waitMs('c')).toBeGreaterThan(0);
  });

  it('is off with no engine time a minute', () => {
    const budget = new ClientEngineBudget(0, 1_000, clock().now);
    expect(budget.enabled).toBe(false);
    budget.charge('a', 1_000_000);
    expect(budget.waitMs('a')).toBe(0);
  });
});
