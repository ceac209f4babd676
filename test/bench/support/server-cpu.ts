import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (user + system, ms) of a server started from a pid file and of every process it started (a
 * PostgreSQL postmaster and its backends; a Virtuoso server), from /proc (Linux). Undefined when the pid
 * file or the process cannot be read, so a bench prints "not measured" rather than a wrong figure. Children
 * that have ended count too, through the server's own count of the CPU of the children it reaped (a
 * PostgreSQL backend ends with its connection: without it a phase's PostgreSQL CPU could come out negative).
 */
export function serverCpuMs(pidFile: string): number | undefined {
  let root: number;
  try {
    root = Number(readFileSync(pidFile, 'utf8').split('\n', 1)[0]!.trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(root) || root <= 0) return undefined;
  const stats = new Map<number, { ppid: number; ms: number; reapedMs: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== undefined) stats.set(Number(entry), stat);
  }
  if (!stats.has(root)) return undefined;
  let total = 0;
  for (const [pid, stat] of stats) {
    // The server itself and its direct children (PostgreSQL's backends and helpers are the postmaster's children).
    if (pid === root) total += stat.ms + stat.reapedMs;
    else if (stat.ppid === root) total += stat.ms;
  }
  return total;
}

function readStat(pid: number): { ppid: number; ms: number; reapedMs: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state (3), ppid (4), …, utime (14), stime (15), then cutime (16) and cstime (17): the CPU of the
  // children it waited for. In clock ticks (100 per second).
  return { ppid: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * 10, reapedMs: (Number(fields[13]) + Number(fields[14])) * 10 };
}
