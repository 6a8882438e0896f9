import type { App } from '@slack/bolt';
import { z } from 'zod';
import { SLACK_NOTICES } from '../reply/wording-slack.js';
import { replyMessage } from './blocks.js';
import { parseCommandText } from './command-text.js';
import { probeableCustomers, type SlackDeps } from './deps.js';
import type { Answer } from './durable-work.js';
import { SLASH_COMMAND } from './ids.js';
import type { SlackMessage } from './message.js';
import { probeMessage } from './probe-message.js';
import { usageMessage } from './usage.js';

const COMMAND_WORK = 'slash-command';

/** What a stored command carries: the request as parsed (help never gets this far) and who asked. */
const commandWorkSchema = z
  .object({
    request: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('probe'), customer: z.string() }),
      z.object({ kind: z.literal('diagnose'), paste: z.string() }),
    ]),
    user: z.string(),
  })
  .readonly();
type CommandWork = z.infer<typeof commandWorkSchema>;

/**
 * /xerofix: stored and acknowledged before any work (Slack gives 3 s; the store or Xero may
 * take longer), then answered privately through response_url, by this process or, if it died
 * first, by the next one. Help needs no work, so it is the ack itself.
 */
export function registerSlashCommand(app: App, deps: SlackDeps): void {
  deps.work.define<CommandWork>(COMMAND_WORK, commandWorkSchema, (work, answer) =>
    answerCommand(deps, work, answer),
  );
  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    const request = parseCommandText(command.text ?? '');
    if (request.kind === 'help') return ack(usageMessage());
    if (request.kind === 'probe-usage') {
      return ack({ text: SLACK_NOTICES.whichCustomer });
    }
    const accepted = await deps.work.accept(
      COMMAND_WORK,
      { request, user: command.user_id } satisfies CommandWork,
      { responseUrl: command.response_url, channel: command.channel_id, user: command.user_id },
      command.trigger_id,
    );
    await ack();
    deps.afterAck.run(() => deps.work.runNow(accepted));
  });
}

/**
 * Diagnoses (or probes) and answers. A failure to answer is thrown, so the work stays in the
 * store and is tried again; a failure to diagnose is answered with an apology instead.
 */
async function answerCommand(deps: SlackDeps, work: CommandWork, answer: Answer): Promise<void> {
  let message: SlackMessage;
  try {
    message = await commandReply(deps, work);
  } catch (err) {
    deps.log.error('slash command failed', { error: (err as Error).message });
    message = { text: SLACK_NOTICES.couldNotAnswer };
  }
  await answer(message);
}

async function commandReply(deps: SlackDeps, { request, user }: CommandWork): Promise<SlackMessage> {
  if (request.kind === 'probe') {
    if (!deps.desk.canProbe) return probesOff();
    const { verdict, probe, reply } = await deps.desk.probe(request.customer);
    return probeMessage(verdict.customer, probe, reply);
  }
  const answer = await deps.desk.ask({ surface: 'slack', paste: request.paste, askedBy: user });
  return replyMessage(answer.reply, {
    lookupId: answer.lookup.id,
    paste: request.paste,
    actions: 'full',
    customers: await probeableCustomers(deps),
    ticketsEnabled: deps.ticketDesk() !== undefined,
  });
}

const probesOff = (): SlackMessage => ({
  text: SLACK_NOTICES.probesOff,
});
