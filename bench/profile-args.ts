import { join } from 'node:path';

/** XEROFIX_BENCH_PROFILE=dir writes a CPU profile of each server under load there, one folder each. */
export function profileArgs(name: string): string[] {
  const dir = process.env.XEROFIX_BENCH_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`] : [];
}
