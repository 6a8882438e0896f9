import { parseArgs } from 'node:util';
import { Desk } from '../../answer/desk.js';
import { createMatcher } from '../../core/match.js';
import { createFreshdeskClient } from '../../freshdesk/client.js';
import { FreshdeskError } from '../../freshdesk/errors.js';
import { draftFromPaste, openTicket } from '../../freshdesk/open-ticket.js';
import { loadIndex } from '../../knowledge/load.js';
import { probeCustomer } from '../../probe/probe.js';
import { CliError } from '../errors.js';
import { type CliIo, readAll } from '../io.js';
import { knowledgeDir } from '../knowledge.js';
import { withServices } from './connections.js';

const USAGE =
  'Usage: xerofix ticket open --email REQUESTER [--subject TEXT] [--probe] [TEXT]   (TEXT from stdin when absent)';

/**
 * `ticket open`: diagnoses the pasted error, probes the requester's connection when asked
 * (--probe), and opens a Freshdesk ticket with all of it. Prints the ticket's link.
 */
export async function ticketCommand(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  const [action, ...rest] = parsed.positionals;
  const email = parsed.values.email?.trim().toLowerCase();
  if (action !== 'open') throw new CliError(USAGE);
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new CliError(`--email needs the requester's email\n${USAGE}`);
  const paste = rest.length
    ? rest.join(' ')
    : io.stdin.isTTY
      ? ''
      : (await readAll(io.stdin)).toString('utf8');
  if (!paste.trim())
    throw new CliError(`nothing to put in the ticket: give the error as TEXT or on stdin\n${USAGE}`);

  return withServices(io, async (services) => {
    const { config } = services;
    if (!config.FRESHDESK_BASE_URL || !config.FRESHDESK_API_KEY) {
      throw new CliError('ticket open needs FRESHDESK_BASE_URL and FRESHDESK_API_KEY (see .env.example)', 78);
    }
    const desk = new Desk({
      matcher: createMatcher(loadIndex(knowledgeDir(io, config)), {
        minConfidence: config.XEROFIX_MIN_CONFIDENCE,
      }),
      lookups: services.store.lookups,
      probe: (customer) => probeCustomer(services, customer),
    });
    const client = createFreshdeskClient({
      baseUrl: config.FRESHDESK_BASE_URL,
      apiKey: config.FRESHDESK_API_KEY,
      timeoutMs: config.FRESHDESK_TIMEOUT_MS,
    });
    const draft = await draftFromPaste(desk, {
      email,
      paste,
      ...(parsed.values.subject ? { subject: parsed.values.subject } : {}),
      ...(parsed.values.probe ? { customer: email } : {}),
    });
    try {
      const opened = await openTicket(client, config.FRESHDESK_BASE_URL, draft);
      io.stdout.write(`opened ticket #${opened.id}: ${opened.url}\n`);
      return 0;
    } catch (err) {
      if (err instanceof FreshdeskError) throw new CliError(`Freshdesk: ${err.message}`, 1);
      throw err;
    }
  });
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { email: { type: 'string' }, subject: { type: 'string' }, probe: { type: 'boolean' } },
  });
}
