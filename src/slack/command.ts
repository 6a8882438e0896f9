import { type App, RespondError, type RespondFn, type webApi } from '@slack/bolt';
import { replyMessage } from './blocks.js';
import { parseCommandText } from './command-text.js';
import { probeableCustomers, type SlackDeps } from './deps.js';
import { SLASH_COMMAND } from './ids.js';
import type { SlackMessage } from './message.js';
import { probeMessage } from './probe-message.js';
import { usageMessage } from './usage.js';

/**
 * /xerofix: acknowledged before any work (Slack gives 3 s; the store or Xero may take longer),
 * then answered privately through response_url. Help needs no work, so it is the ack itself.
 */
export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    const request = parseCommandText(command.text ?? '');
    if (request.kind === 'help') return ack(usageMessage());
    if (request.kind === 'probe-usage') {
      return ack({ text: 'Which customer? Use `/xerofix probe customer@example.com`.' });
    }
    await ack();
    deps.afterAck.run(async () => {
      const where = { channel: command.channel_id, user: command.user_id };
      try {
        if (request.kind === 'probe') {
          if (!deps.desk.canProbe) return await deliver(respond, client, where, probesOff());
          const { verdict, reply } = await deps.desk.probe(request.customer);
          return await deliver(respond, client, where, probeMessage(verdict.customer, verdict, reply));
        }
        const answer = await deps.desk.ask({
          surface: 'slack',
          paste: request.paste,
          askedBy: command.user_id,
        });
        const message = replyMessage(answer.reply, {
          lookupId: answer.lookup.id,
          paste: request.paste,
          actions: 'full',
          customers: await probeableCustomers(deps),
          ticketsEnabled: deps.openTicket !== undefined,
        });
        await deliver(respond, client, where, message);
      } catch (err) {
        deps.log.error('slash command failed', { error: (err as Error).message });
        await deliver(respond, client, where, {
          text: 'xerofix could not answer that just now. Please try again in a minute.',
        }).catch(() => {});
      }
    });
  });
}

const probesOff = (): SlackMessage => ({
  text: 'Probing is not available here: no connections are stored. See "xerofix connections add" in the README.',
});

/**
 * Answers through response_url, the only way to reach someone privately without extra scopes.
 * When that fails (expired after 30 minutes or 5 uses) the answer goes as an ephemeral message.
 */
export async function deliver(
  respond: RespondFn,
  client: webApi.WebClient,
  where: { channel: string; user: string },
  message: SlackMessage,
): Promise<void> {
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, ...message });
  } catch (err) {
    if (!(err instanceof RespondError)) throw err;
    await client.chat.postEphemeral({ channel: where.channel, user: where.user, ...message });
  }
}
