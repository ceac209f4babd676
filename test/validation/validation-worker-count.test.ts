import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { validationWorkerCount } from '../../src/validation/validation-worker-count.js';

describe('how many validation workers a harvest uses', () => {
  it('auto: one on a machine with two cores or fewer, where every thread competes for the same cores', () => {
    expect(validationWorkerCount('auto', 1)).toBe(1);
    expect(validationWorkerCount('auto', 2)).toBe(1);
  });

  it('auto: two on a machine with more cores', () => {
    expect(validationWorkerCount('auto', 3)).toBe(2);
    expect(validationWorkerCount('auto', 64)).toBe(2);
  });

  it('a number set in VALIDATION_WORKERS is used as it is, whatever the cores', () => {
    expect(validationWorkerCount(1, 64)).toBe(1);
    expect(validationWorkerCount(4, 2)).toBe(4);
  });

  it('counts this machine’s cores when none are given', () => {
    expect(validationWorkerCount('auto')).toBe(availableParallelism() <= 2 ? 1 : 2);
  });
});
