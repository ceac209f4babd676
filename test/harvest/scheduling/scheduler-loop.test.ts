import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDcatApNoHarvester } from '../../../harvesters/dcat-ap-no/index.js';
import type { HarvestRun } from '../../../src/core/harvest-run.js';
import type { HarvestSource } from '../../../src/core/harvest-source.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { HarvestService } from '../../../src/harvest/harvest-service.js';
import { buildSource } from '../../../src/harvest/source-registration.js';
import { usePipelineHarness } from '../../support/pipeline-harness.js';

// The scheduler's loop over time: its timer is faked (no waiting on the wall clock) and the service's
// clock is injected, so each round sees exactly the time the test sets. What is due is harvested,
// nothing else, at most `concurrency` at once; failures back off; paused sources are left alone.

const h = usePipelineHarness({ harvesters: { 'dcat-ap-no': createDcatApNoHarvester() } });
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TICK = MINUTE;
const T0 = Date.parse('2026-12-01T08:00:00Z');

afterEach(() => {
  vi.useRealTimers();
});

describe('the harvest scheduler over time', () => {
  it('harvests each source when it is due, one at a time, backs off after failures and skips paused sources', async () => {
    h.server.set('/a.ttl', { body: await readFile(path.join(import.meta.dirname, '../fixtures/catalog-v1.ttl'), 'utf8') });
    h.server.set('/broken.ttl', { status: 500, body: 'down' });
    let clock = T0;
    const register = async (url: string, extra: Record<string, unknown> = {}): Promise<HarvestSource> => {
      const source = buildSource({ url, publisher: '974760673', ...extra }, { allowLocalPath: false, sourceKinds: new Map([['dcat-ap-no', ['dcat-ap-no-2']]]), now: () => new Date(clock) });
      await h.store.saveSource(source);
      return source;
    };
    // The broken source was registered a minute earlier: it is due first.
    clock = T0 - MINUTE;
    const broken = await register(h.server.url('/broken.ttl'), { name: 'broken' });
    clock = T0;
    const hourly = await register(h.server.url('/a.ttl'), { intervalMs: HOUR, name: 'hourly' });
    const paused = await register(h.server.url('/a.ttl?paused'), { name: 'paused', active: false });

    const finished: HarvestRun[] = [];
    const service = new HarvestService({ ...h.deps, now: () => new Date(clock) }, silentLogger, { onFinished: (run) => finished.push(run) });
    const runsOf = (source: HarvestSource): HarvestRun[] => finished.filter((r) => r.sourceId === source.id);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    /** Moves the clock to `at` (ms after T0), lets one round of the scheduler run and every harvest it started end. */
    const roundAt = async (at: number): Promise<void> => {
      clock = T0 + at;
      vi.advanceTimersByTime(TICK);
      await service.roundDone();
      await vi.waitFor(() => expect(service.runningCount).toBe(0), { timeout: 30_000, interval: 20 });
    };

    try {
      // HARVEST_INTERVAL 6 h (the broken source's), no jitter, one harvest at a time, 5 minutes' back-off.
      service.schedule({ intervalMs: 6 * HOUR, jitter: 0, concurrency: 1, backoffMs: 5 * MINUTE }, TICK);
      // The first round (at once): both active sources are due, but only one may run: the one due first.
      await service.roundDone();
      await vi.waitFor(() => expect(service.runningCount).toBe(0), { timeout: 30_000, interval: 20 });
      expect(finished).toHaveLength(1);
      expect(runsOf(broken).map((r) => r.state)).toEqual(['failed']);

      // A minute later the other one.
      await roundAt(1 * MINUTE);
      expect(runsOf(hourly).map((r) => r.state)).toEqual(['succeeded']);
      expect(finished).toHaveLength(2);

      // Not due yet: the broken source backs off 5 minutes, the hourly one waits its hour.
      await roundAt(4 * MINUTE);
      expect(finished).toHaveLength(2);

      // 5 minutes after its failure: tried again, fails again; now it waits 10 minutes.
      await roundAt(5 * MINUTE);
      expect(runsOf(broken)).toHaveLength(2);
      await roundAt(14 * MINUTE);
      expect(runsOf(broken)).toHaveLength(2);
      await roundAt(15 * MINUTE);
      expect(runsOf(broken)).toHaveLength(3);

      // The hourly source is due an hour after its run ended (at 1 min), not before.
      await roundAt(60 * MINUTE);
      expect(runsOf(hourly)).toHaveLength(1);
      await roundAt(61 * MINUTE);
      expect(runsOf(hourly)).toHaveLength(2);
      expect(runsOf(hourly)[1]!.state).toBe('succeeded');

      // The paused source was never harvested.
      expect(runsOf(paused)).toEqual([]);
      expect(await h.store.listRuns({ sourceId: paused.id, limit: 10 })).toEqual([]);
    } finally {
      await service.close();
    }
  }, 120_000);
});
