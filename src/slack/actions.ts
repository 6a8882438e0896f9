import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from '@slack/bolt';
import { replyMessage } from './blocks.js';
import { deliver } from './command.js';
import { decodeActionTarget } from './command-text.js';
import type { SlackDeps } from './deps.js';
import { Actions } from './ids.js';
import { probeMessage } from './probe-message.js';
import { openTicketModal } from './ticket-modal.js';

const GONE = { text: 'That answer is no longer available. Ask again with /xerofix.' };

type ActionArgs<A extends BlockAction = BlockAction> = SlackActionMiddlewareArgs<A> & AllMiddlewareArgs;

/**
 * Bolt runs every registered listener's middleware for every request, slash commands included,
 * so the buttons share one listener and are told apart here by action id.
 */
class ActionTable {
  readonly handlers = new Map<string, (args: ActionArgs) => Promise<unknown>>();

  action<A extends BlockAction>(actionId: string, handler: (args: ActionArgs<A>) => Promise<unknown>): void {
    // The action id decides the element type (button or select), as the blocks were built.
    this.handlers.set(actionId, handler as (args: ActionArgs) => Promise<unknown>);
  }
}

/** The buttons under an answer. Each acks first; the work and the reply follow. */
export function registerActions(app: App, deps: SlackDeps): void {
  const table = new ActionTable();
  defineActions(table, deps);
  app.action<BlockAction>(/^xerofix_/, async (args) => {
    const handler = table.handlers.get(args.action.action_id);
    if (handler) await handler(args);
    else await args.ack();
  });
}

function defineActions(app: ActionTable, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(Actions.share, async ({ action, body, ack, respond, client }) => {
    await ack();
    const recalled = await deps.desk.recall(decodeActionTarget(action.value ?? '').lookupId);
    if (!recalled) return deliver(respond, client, whereOf(body), GONE);
    // Shared without the paste: it may hold the customer's data, the answer does not.
    const message = replyMessage(recalled.reply, {
      lookupId: recalled.lookup.id,
      actions: 'none',
      ticketsEnabled: false,
    });
    await respond({ response_type: 'in_channel', replace_original: false, ...message });
  });

  app.action<BlockAction<ButtonAction>>(
    Actions.postInThread,
    async ({ action, body, ack, respond, client }) => {
      await ack();
      const target = decodeActionTarget(action.value ?? '');
      const recalled = await deps.desk.recall(target.lookupId);
      if (!recalled || !target.channel || !target.threadTs)
        return deliver(respond, client, whereOf(body), GONE);
      // A double click must not post twice.
      const key = `slack-thread:${target.channel}:${target.threadTs}:${target.lookupId}`;
      if (!(await deps.store.claims.claim(key, body.user.id))) return;
      const message = replyMessage(recalled.reply, {
        lookupId: target.lookupId,
        actions: 'none',
        ticketsEnabled: false,
      });
      try {
        await client.chat.postMessage({ channel: target.channel, thread_ts: target.threadTs, ...message });
      } catch (err) {
        await deps.store.claims.release(key, body.user.id);
        deps.log.warn('could not post in thread', { error: (err as Error).message });
        return deliver(respond, client, whereOf(body), {
          text: 'xerofix could not post in that thread. Invite the bot to the channel and try again.',
        });
      }
      await respond({ replace_original: false, text: 'Posted in the thread.' });
    },
  );

  app.action<BlockAction<StaticSelectAction>>(
    Actions.probe,
    async ({ action, body, ack, respond, client }) => {
      await ack();
      const customer = action.selected_option.value;
      const { verdict, reply } = await deps.desk.probe(customer);
      await deliver(respond, client, whereOf(body), probeMessage(verdict.customer, verdict, reply));
    },
  );

  for (const [actionId, vote] of [
    [Actions.voteUp, 'up'],
    [Actions.voteDown, 'down'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ action, body, ack, respond }) => {
      await ack();
      const lookup = await deps.store.lookups.get(decodeActionTarget(action.value ?? '').lookupId);
      if (!lookup) return;
      await deps.store.feedback.vote({ lookupId: lookup.id, voter: body.user.id, entry: lookup.entry, vote });
      await respond({
        replace_original: false,
        text:
          vote === 'up'
            ? 'Thanks, noted that this answer helped.'
            : 'Thanks, noted. The team will see this in the knowledge gaps.',
      });
    });
  }

  app.action<BlockAction<ButtonAction>>(Actions.openTicket, async ({ action, body, ack, client }) => {
    await ack();
    // The trigger id expires 3 s after the click, so the modal opens before anything slow.
    await openTicketModal(client, deps, body.trigger_id, decodeActionTarget(action.value ?? '').lookupId, {
      channel: body.channel?.id ?? body.user.id,
      threadTs: body.message?.thread_ts,
    });
  });
}

function whereOf(body: BlockAction): { channel: string; user: string } {
  return { channel: body.channel?.id ?? body.user.id, user: body.user.id };
}
