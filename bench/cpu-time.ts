import { readFileSync } from 'node:fs';

// CPU time of another process, from Linux's /proc/<pid>/stat (user + system, in clock ticks
// of 10 ms). On a machine shared with other work, requests per second fall and rise with the
// neighbours' load; the CPU a process spends per request much less so, which makes it the
// figure to compare between runs. Undefined where /proc is not there (macOS, Windows).

const TICK_MS = 10;

export function cpuMillisOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}
