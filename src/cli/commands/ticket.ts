import { Desk } from '../../answer/desk.js';
import { loadConfig } from '../../config.js';
import { createMatcher } from '../../core/match.js';
import { createFreshdeskClient } from '../../freshdesk/client.js';
import { FreshdeskError } from '../../freshdesk/errors.js';
import { draftFromPaste, openTicket } from '../../freshdesk/open-ticket.js';
import { loadIndex } from '../../knowledge/built-index.js';
import { probeCustomer } from '../../probe/probe.js';
import { CliError } from '../errors.js';
import { type CliIo, readAll } from '../io.js';
import { knowledgeDir } from '../knowledge.js';
import { withServices } from '../services.js';

export interface TicketOptions {
  readonly email?: string;
  readonly subject?: string;
  readonly probe?: boolean;
}

/**
 * `ticket open`: diagnoses the pasted error, probes the requester's connection when asked
 * (--probe), and opens a Freshdesk ticket with all of it. Prints the ticket's link.
 */
export async function ticketOpen(io: CliIo, words: string[], options: TicketOptions): Promise<number> {
  const email = options.email?.trim().toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new CliError("--email needs the requester's email address (--email ops@shop.example)");
  const paste = words.length
    ? words.join(' ')
    : io.stdin.isTTY
      ? ''
      : (await readAll(io.stdin)).toString('utf8');
  if (!paste.trim())
    throw new CliError('nothing to put in the ticket: give the error as TEXT or on standard input');

  return withServices(io, async (services) => {
    const config = loadConfig(io.env);
    const { baseUrl, apiKey, timeoutMs } = config.freshdesk;
    if (!baseUrl || !apiKey) {
      throw new CliError('ticket open needs FRESHDESK_BASE_URL and FRESHDESK_API_KEY (see .env.example)', 78);
    }
    const desk = new Desk({
      matcher: createMatcher(loadIndex(knowledgeDir(io, config)), {
        minConfidence: config.knowledge.minConfidence,
      }),
      lookups: services.store.lookups,
      probe: (customer) => probeCustomer(services, customer),
    });
    const client = createFreshdeskClient({
      baseUrl,
      apiKey,
      timeoutMs,
    });
    const draft = await draftFromPaste(desk, {
      email,
      paste,
      ...(options.subject ? { subject: options.subject } : {}),
      ...(options.probe ? { customer: email } : {}),
    });
    try {
      const opened = await openTicket(client, baseUrl, draft);
      io.stdout.write(`opened ticket #${opened.id}: ${opened.url}\n`);
      return 0;
    } catch (err) {
      if (err instanceof FreshdeskError) throw new CliError(`Freshdesk: ${err.message}`, 1, err);
      throw err;
    }
  });
}
