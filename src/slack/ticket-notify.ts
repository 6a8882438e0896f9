import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { OpenedTicket, TicketRequest } from '../answer/ticket.js';
import { XerofixError } from '../errors/xerofix-error.js';
import { ticketOpened } from '../reply/wording-slack.js';
import { slackCallError } from './call-error.js';

/** Where the ticket modal was opened from (the request's replyTo.target). */
const slackTarget = z.object({ channel: z.string(), threadTs: z.string().optional() });

/** Tells the person who asked for a ticket where it is: in the thread if there is one, else privately. */
export async function notifyTicketOpened(
  client: webApi.WebClient,
  request: TicketRequest,
  ticket: OpenedTicket,
): Promise<void> {
  const target = slackTarget.safeParse(request.replyTo.target);
  if (!target.success)
    throw new XerofixError('ticket request has no Slack channel to answer in', {
      code: 'slack.no-channel',
      retryable: false,
    });
  const { channel, threadTs } = target.data;
  const text = ticketOpened(
    ticket.id,
    request.email.replace(/[&<>]/g, ''),
    (label) => `<${ticket.url}|${label}>`,
  );
  try {
    if (threadTs) {
      await client.chat.postMessage({ channel, thread_ts: threadTs, text });
    } else {
      await client.chat.postEphemeral({ channel, user: request.requestedBy, text });
    }
  } catch (err) {
    // Runs inside the ticket job: the runner needs to know whether telling them again can work.
    throw slackCallError(err);
  }
}
