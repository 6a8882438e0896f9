import { parseArgs } from 'node:util';
import { probeCustomer } from '../../probe/probe.js';
import type { Verdict } from '../../probe/verdicts.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { withServices } from './connections.js';

const USAGE = 'Usage: xerofix probe CUSTOMER [--json]';

/** Exits 0 whenever a verdict was reached, whatever it says; the verdict is the answer. */
export async function probeCommand(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  const customer = parsed.positionals[0];
  if (!customer) throw new CliError(`which customer?\n${USAGE}`);
  return withServices(io, async (services) => {
    const verdict = await probeCustomer(services, customer);
    io.stdout.write(parsed.values.json ? toJson(verdict) : toText(verdict));
    return 0;
  });
}

function parse(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
}

function toJson(v: Verdict): string {
  const out = {
    customer: v.customer,
    verdict: v.code,
    entry: v.entry,
    checks: v.checks,
    sentence: v.sentence,
    ...(v.retryAfterSeconds !== undefined ? { retryAfterSeconds: v.retryAfterSeconds } : {}),
    ...(v.rateLimitProblem ? { rateLimitProblem: v.rateLimitProblem } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function toText(v: Verdict): string {
  const mark = { pass: '✓', fail: '✗', skipped: '–' } as const;
  const lines = [
    `${v.customer}: ${v.code}${v.entry ? ` (confirms ${v.entry})` : ''}`,
    '',
    v.sentence,
    '',
    'Checks:',
    ...v.checks.map((c) => `  ${mark[c.outcome]} ${c.name}: ${c.detail}`),
  ];
  return `${lines.join('\n')}\n`;
}
