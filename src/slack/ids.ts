// Identifiers Slack sends back to us: the slash command, the message shortcut's callback id,
// button action ids and modal callback ids. The manifest (slack/manifest.yml), the Block Kit
// renderers and the listeners all use these, so a rename cannot split them.

export const SLASH_COMMAND = '/xerofix';
export const DIAGNOSE_SHORTCUT = 'diagnose_message';

export const Actions = {
  /** Button value: the lookup id; posts the same answer for everyone in the channel. */
  share: 'xerofix_share',
  /** Button value: the lookup id; posts the answer in the original message's thread. */
  postInThread: 'xerofix_post_in_thread',
  /** Static select of stored customers; option value is the customer key. */
  probe: 'xerofix_probe',
  /** Button value: the lookup id; opens the ticket modal prefilled with the diagnosis. */
  openTicket: 'xerofix_open_ticket',
  /** Button values: the lookup id. */
  voteUp: 'xerofix_vote_up',
  voteDown: 'xerofix_vote_down',
  /** Static select after a 👎; option value is the lookup id and the label picked. */
  feedbackPick: 'xerofix_feedback_pick',
} as const;

export const Views = {
  ticket: 'xerofix_ticket_modal',
} as const;

/** Block and input ids inside the ticket modal. */
export const TicketFields = {
  email: 'requester_email',
  subject: 'subject',
  description: 'description',
} as const;

/** Slack's name among the surfaces: its alert job kind and the replyTo of its ticket requests. */
export const SLACK_SURFACE = 'slack';
