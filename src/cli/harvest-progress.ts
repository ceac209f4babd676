import cliProgress from 'cli-progress';
import type { HarvestProgress } from '../core/harvest-progress.js';

/** Where the display draws: a terminal (isTTY, columns) or anything else, which gets nothing. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): boolean;
}

export interface ProgressDisplay {
  /** Pass to the harvest; undefined when nothing is shown (not a terminal, or --json). */
  readonly onProgress: ((progress: HarvestProgress) => void) | undefined;
  /** Ends the display and clears its line, before the run report is printed. */
  stop(): void;
}

/** `42s`, `3m 05s`, `1h 02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * The progress of a CLI harvest on a terminal (cli-progress): pages fetched while the source is read,
 * then a bar of the records processed with their rate and the time left. Shown only when `show` (the
 * CLI passes: stdout and stderr are terminals and --json is not given) and the stream is a terminal;
 * otherwise nothing at all is written, so pipes, scripts and CI see only the report.
 */
export function harvestProgressDisplay(stream: ProgressStream, show: boolean, now: () => number = Date.now): ProgressDisplay {
  if (!show || stream.isTTY !== true) return { onProgress: undefined, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: '{phase} |{bar}| {value}/{total} records · {documents} pages · {rate} records/s · {left} left',
      barsize: 24,
      hideCursor: false,
      clearOnComplete: true,
      gracefulExit: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let processingSince: number | undefined;
  const payload = (p: HarvestProgress): Record<string, string | number> => {
    const elapsed = processingSince === undefined ? 0 : (now() - processingSince) / 1000;
    const rate = elapsed > 0 ? p.processed / elapsed : 0;
    return {
      phase: p.phase === 'reading' ? 'Reading   ' : 'Processing',
      documents: p.documents,
      rate: rate >= 10 ? Math.round(rate) : rate.toFixed(1),
      left: rate > 0 ? formatDuration((p.records - p.processed) / rate) : '–',
    };
  };
  return {
    onProgress: (p) => {
      if (p.phase === 'processing' && processingSince === undefined) processingSince = now();
      if (!started) {
        started = true;
        bar.start(p.records, p.processed, payload(p));
        return;
      }
      if (bar.getTotal() !== p.records) bar.setTotal(p.records);
      bar.update(p.processed, payload(p));
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
