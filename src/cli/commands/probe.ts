import { probeCustomer } from '../../probe/probe.js';
import type { Verdict } from '../../probe/verdicts.js';
import { verdictSentence } from '../../reply/verdict-wording.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { withServices } from '../services.js';

/** Exits 0 whenever a verdict was reached, whatever it says; the verdict is the answer. */
export async function probeCommand(
  io: CliIo,
  customer: string,
  options: { json?: boolean },
): Promise<number> {
  if (!customer.trim()) throw new CliError('which customer? Give their email or customer key');
  return withServices(io, async (services) => {
    const verdict = await probeCustomer(services, customer);
    io.stdout.write(options.json ? toJson(verdict) : toText(verdict));
    return 0;
  });
}

function toJson(v: Verdict): string {
  const out = {
    customer: v.customer,
    verdict: v.code,
    entry: v.entry,
    checks: v.checks,
    // Kept since scripts read it; worded by the reply layer like every other surface's.
    sentence: verdictSentence(v.code, v),
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
    verdictSentence(v.code, v),
    '',
    'Checks:',
    ...v.checks.map((c) => `  ${mark[c.outcome]} ${c.name}: ${c.detail}`),
  ];
  return `${lines.join('\n')}\n`;
}
