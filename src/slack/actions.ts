import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from '@slack/bolt';
import { z } from 'zod';
import { SLACK_ANSWER_GONE } from '../reply/wording.js';
import { SLACK_NOTICES } from '../reply/wording-slack.js';
import { replyMessage } from './blocks.js';
import { decodeActionTarget } from './command-text.js';
import type { SlackDeps } from './deps.js';
import type { WorkExecutor } from './durable-work.js';
import { downVoteFollowUp, recordPick } from './feedback-pick.js';
import { FEEDBACK_PICK_ACTION } from './feedback-picker.js';
import { Actions } from './ids.js';
import { probeMessage } from './probe-message.js';
import { openTicketModal } from './ticket-modal.js';

const GONE = { text: SLACK_ANSWER_GONE };

type ActionArgs<A extends BlockAction = BlockAction> = SlackActionMiddlewareArgs<A> & AllMiddlewareArgs;

/**
 * Bolt runs every registered listener's middleware for every request, slash commands included,
 * so the buttons share one listener and are told apart here by action id.
 */
class ActionTable {
  readonly handlers = new Map<string, (args: ActionArgs) => Promise<unknown>>();

  constructor(private readonly deps: SlackDeps) {}

  action<A extends BlockAction>(actionId: string, handler: (args: ActionArgs<A>) => Promise<unknown>): void {
    // The action id decides the element type (button or select), as the blocks were built.
    this.handlers.set(actionId, handler as (args: ActionArgs) => Promise<unknown>);
  }

  /**
   * A button whose work is stored before the ack, like a slash command's, and done after it
   * by this process or, if it died first, by the next one. `inputOf` takes what the work needs
   * from the click; the work may run in another process, so it gets nothing else.
   */
  stored<A extends BlockAction, I>(
    actionId: string,
    input: z.ZodType<I>,
    inputOf: (args: ActionArgs<A>) => I,
    executor: WorkExecutor<I>,
  ): void {
    const { deps } = this;
    deps.work.define<I>(actionId, input, executor);
    this.action<A>(actionId, async (args) => {
      const { body } = args;
      const target = {
        responseUrl: body.response_url,
        channel: body.channel?.id ?? body.user.id,
        user: body.user.id,
      };
      const accepted = await deps.work.accept(actionId, inputOf(args), target, body.trigger_id);
      await args.ack();
      deps.afterAck.run(() => deps.work.runNow(accepted));
    });
  }
}

/** The buttons under an answer. Each acks first; the work and the reply follow. */
export function registerActions(app: App, deps: SlackDeps): void {
  const table = new ActionTable(deps);
  defineActions(table, deps);
  app.action<BlockAction>(/^xerofix_/, async (args) => {
    const handler = table.handlers.get(args.action.action_id);
    if (handler) await handler(args);
    else await args.ack();
  });
}

/** The answer a button belongs to. */
const lookupInput = z.object({ lookupId: z.string() });
type LookupInput = z.infer<typeof lookupInput>;

const lookupOf = ({ action }: ActionArgs<BlockAction<ButtonAction>>): LookupInput => ({
  lookupId: decodeActionTarget(action.value ?? '').lookupId,
});

function defineActions(app: ActionTable, deps: SlackDeps): void {
  app.stored<BlockAction<ButtonAction>, LookupInput>(
    Actions.share,
    lookupInput,
    lookupOf,
    async (input, answer) => {
      const recalled = await deps.desk.recall(input.lookupId);
      if (!recalled) return answer(GONE);
      // Shared without the paste: it may hold the customer's data, the answer does not.
      const message = replyMessage(recalled.reply, {
        lookupId: recalled.lookup.id,
        actions: 'none',
        ticketsEnabled: false,
      });
      await answer({ response_type: 'in_channel', ...message });
    },
  );

  app.stored<BlockAction<ButtonAction>, { value: string; user: string }>(
    Actions.postInThread,
    z.object({ value: z.string(), user: z.string() }),
    ({ action, body }) => ({ value: action.value ?? '', user: body.user.id }),
    async (input, answer, client) => {
      const target = decodeActionTarget(input.value);
      const recalled = await deps.desk.recall(target.lookupId);
      if (!recalled || !target.channel || !target.threadTs) return answer(GONE);
      // A double click must not post twice.
      const key = `slack-thread:${target.channel}:${target.threadTs}:${target.lookupId}`;
      if (!(await deps.store.claims.claim(key, input.user))) return;
      const message = replyMessage(recalled.reply, {
        lookupId: target.lookupId,
        actions: 'none',
        ticketsEnabled: false,
      });
      try {
        await client.chat.postMessage({ channel: target.channel, thread_ts: target.threadTs, ...message });
      } catch (err) {
        await deps.store.claims.release(key, input.user);
        deps.log.warn('could not post in thread', { error: (err as Error).message });
        return answer({
          text: SLACK_NOTICES.threadPostFailed,
        });
      }
      await answer({ text: SLACK_NOTICES.postedInThread });
    },
  );

  app.stored<BlockAction<StaticSelectAction>, { customer: string }>(
    Actions.probe,
    z.object({ customer: z.string() }),
    ({ action }) => ({ customer: action.selected_option.value }),
    async ({ customer }, answer) => {
      const { verdict, probe, reply } = await deps.desk.probe(customer);
      await answer(probeMessage(verdict.customer, probe, reply));
    },
  );

  for (const [actionId, vote] of [
    [Actions.voteUp, 'up'],
    [Actions.voteDown, 'down'],
  ] as const) {
    app.stored<BlockAction<ButtonAction>, LookupInput & { voter: string }>(
      actionId,
      lookupInput.extend({ voter: z.string() }),
      (args) => ({ ...lookupOf(args), voter: args.body.user.id }),
      async ({ lookupId, voter }, answer) => {
        const lookup = await deps.store.lookups.get(lookupId);
        if (!lookup) return;
        await deps.store.feedback.vote({ lookupId: lookup.id, voter, entry: lookup.entry, vote });
        // A 👎 asks which answer was right: the pick can teach the knowledge (feedback-pick.ts).
        await answer(vote === 'up' ? { text: SLACK_NOTICES.votedHelpful } : downVoteFollowUp(deps, lookup));
      },
    );
  }

  app.stored<BlockAction<StaticSelectAction>, { value: string; chooser: string }>(
    FEEDBACK_PICK_ACTION,
    z.object({ value: z.string(), chooser: z.string() }),
    ({ action, body }) => ({ value: action.selected_option.value, chooser: body.user.id }),
    (input, answer) => recordPick(deps, input, answer),
  );

  app.action<BlockAction<ButtonAction>>(Actions.openTicket, async ({ action, body, ack, client }) => {
    await ack();
    // The trigger id expires 3 s after the click, so the modal opens before anything slow, and
    // is not stored: opened later, by another process, it could not be opened at all.
    await openTicketModal(client, deps, body.trigger_id, decodeActionTarget(action.value ?? '').lookupId, {
      channel: body.channel?.id ?? body.user.id,
      threadTs: body.message?.thread_ts,
    });
  });
}
