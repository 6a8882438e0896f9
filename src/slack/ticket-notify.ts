import type { webApi } from '@slack/bolt';
import type { OpenedTicket, TicketRequest } from '../answer/ticket.js';

/** Tells the person who asked for a ticket where it is: in the thread if there is one, else privately. */
export async function notifyTicketOpened(
  client: webApi.WebClient,
  request: TicketRequest,
  ticket: OpenedTicket,
): Promise<void> {
  const text = `Freshdesk ticket #${ticket.id} opened for ${request.email.replace(/[&<>]/g, '')}: <${ticket.url}|open it in Freshdesk>`;
  if (request.notify.threadTs) {
    await client.chat.postMessage({
      channel: request.notify.channel,
      thread_ts: request.notify.threadTs,
      text,
    });
  } else {
    await client.chat.postEphemeral({ channel: request.notify.channel, user: request.slackUser, text });
  }
}
