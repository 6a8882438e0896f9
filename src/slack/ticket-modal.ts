import type { App, types, ViewSubmitAction, webApi } from '@slack/bolt';
import { z } from 'zod';
import { renderText } from '../reply/render-text.js';
import { TICKET_MODAL as SAY } from '../reply/wording-slack.js';
import type { SlackDeps } from './deps.js';
import { clip } from './escape.js';
import { SLACK_SURFACE, TicketFields, Views } from './ids.js';

// Slack caps a plain-text input at 3000 characters; the description keeps room for the paste.
const DESCRIPTION_MAX = 3000;

const metadataSchema = z.object({
  lookupId: z.string().nullable(),
  channel: z.string(),
  threadTs: z.string().optional(),
});

/** Opens the "Open Freshdesk ticket" modal, prefilled with the paste and the diagnosis. */
export async function openTicketModal(
  client: webApi.WebClient,
  deps: SlackDeps,
  triggerId: string,
  lookupId: string,
  notify: { channel: string; threadTs?: string | undefined },
): Promise<void> {
  const recalled = await deps.desk.recall(lookupId);
  const description = recalled
    ? SAY.description(recalled.lookup.paste, renderText(recalled.reply, { full: true }))
    : '';
  const metadata = JSON.stringify({ lookupId: recalled ? lookupId : null, ...notify });
  await client.views.open({
    trigger_id: triggerId,
    view: ticketView(recalled?.reply.title, description, metadata),
  });
}

function ticketView(title: string | undefined, description: string, metadata: string): types.ModalView {
  const input = (id: string, label: string, element: types.PlainTextInput): types.InputBlock => ({
    type: 'input',
    block_id: id,
    label: { type: 'plain_text', text: label },
    element: { ...element, action_id: id },
  });
  return {
    type: 'modal',
    callback_id: Views.ticket,
    private_metadata: metadata,
    title: { type: 'plain_text', text: SAY.title },
    submit: { type: 'plain_text', text: SAY.submit },
    close: { type: 'plain_text', text: SAY.close },
    blocks: [
      input(TicketFields.email, SAY.emailLabel, {
        type: 'plain_text_input',
        action_id: TicketFields.email,
      }),
      input(TicketFields.subject, SAY.subjectLabel, {
        type: 'plain_text_input',
        action_id: TicketFields.subject,
        max_length: 250,
        initial_value: clip(SAY.subjectFor(title), 250),
      }),
      input(TicketFields.description, SAY.descriptionLabel, {
        type: 'plain_text_input',
        action_id: TicketFields.description,
        multiline: true,
        max_length: DESCRIPTION_MAX,
        ...(description ? { initial_value: clip(description, DESCRIPTION_MAX) } : {}),
      }),
    ],
  };
}

/**
 * The modal's submit: checked at once (errors show in the modal), stored as a ticket job, and
 * only then closed. The job is unique per submission, so a repeated delivery opens nothing new.
 */
export function registerTicketModal(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(Views.ticket, async ({ ack, view, body }) => {
    const values = view.state.values;
    const field = (id: string) => (values[id]?.[id]?.value ?? '').trim();
    const email = field(TicketFields.email);
    if (!z.email().safeParse(email).success) {
      return ack({
        response_action: 'errors',
        errors: { [TicketFields.email]: SAY.badEmail },
      });
    }
    const metadata = metadataSchema.safeParse(safeJson(view.private_metadata));
    const desk = deps.ticketDesk();
    if (!desk || !metadata.success) {
      return ack({
        response_action: 'errors',
        errors: { [TicketFields.email]: SAY.ticketsOff },
      });
    }
    try {
      // Stored before the modal closes: once it has, the person takes the ticket as filed.
      const { channel, threadTs } = metadata.data;
      await desk.open({
        submissionId: `slack-view:${view.id}:${body.user.id}`,
        lookupId: metadata.data.lookupId,
        email,
        subject: field(TicketFields.subject) || SAY.defaultSubject,
        description: field(TicketFields.description),
        requestedBy: body.user.id,
        replyTo: { surface: SLACK_SURFACE, target: { channel, ...(threadTs ? { threadTs } : {}) } },
      });
    } catch (err) {
      deps.log.error('could not store a ticket request', { error: (err as Error).message });
      return ack({
        response_action: 'errors',
        errors: {
          [TicketFields.email]: SAY.couldNotStore,
        },
      });
    }
    await ack();
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
