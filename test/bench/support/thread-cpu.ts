import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (user + system, ms) of each thread of this process, by thread id (the main thread's is the process id), from /proc (Linux); empty elsewhere. */
export function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tasks) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // Fields after the name start at field 3 (state); utime and stime are fields 14 and 15, in clock ticks (100 per second).
    const ms = (Number(fields[11]) + Number(fields[12])) * 10;
    out.set(tid, ms);
  }
  return out;
}
