// What xerofix says in Slack around its answers: buttons, the ticket modal, ephemeral notices,
// usage and the App Home. The answers themselves come from the Reply (wording.ts, the
// knowledge). Text here is plain or mrkdwn as each name says; src/slack/ escapes what it fills in.

import { TICKET_WORDS } from './wording.js';

/** The buttons and the probe picker under an answer. */
export const SLACK_BUTTONS = {
  helped: '👍 Helped',
  wrong: '👎 Wrong',
  openTicket: 'Open Freshdesk ticket',
  share: 'Share in channel',
  postInThread: 'Post in thread',
  probePlaceholder: 'Probe connection…',
} as const;

/** Short answers to a click or a command, seen only by the person who asked. */
export const SLACK_NOTICES = {
  threadPostFailed: 'xerofix could not post in that thread. Invite the bot to the channel and try again.',
  postedInThread: 'Posted in the thread.',
  votedHelpful: 'Thanks, noted that this answer helped.',
  whichCustomer: 'Which customer? Use `/xerofix probe customer@example.com`.',
  couldNotAnswer: 'xerofix could not answer that just now. Please try again in a minute.',
  probesOff:
    'Probing is not available here: no connections are stored. See "xerofix connections add" in the README.',
  shareExpired:
    'xerofix could not share that answer: Slack no longer takes replies to that message. Ask again with /xerofix and share the new answer.',
  noTextToDiagnose: 'That message has no text to diagnose.',
  couldNotDiagnose: 'xerofix could not diagnose that message just now.',
} as const;

/** "Your ticket is open": `link` is the Slack link to the ticket, already made. */
export const ticketOpened = (id: number, email: string, link: (label: string) => string) =>
  `Freshdesk ticket #${id} opened for ${email}: ${link('open it in Freshdesk')}`;

/** The "Open Freshdesk ticket" modal. */
export const TICKET_MODAL = {
  title: 'Open Freshdesk ticket',
  submit: 'Open ticket',
  close: 'Cancel',
  emailLabel: "Customer's email",
  subjectLabel: 'Subject',
  descriptionLabel: 'Description',
  subjectFor: (title: string | undefined) =>
    title ? `Xero connection: ${title}` : TICKET_WORDS.subjectNoMatch,
  defaultSubject: TICKET_WORDS.subjectNoMatch,
  description: (paste: string, diagnosis: string) =>
    `${TICKET_WORDS.pasteHeading}:\n${paste}\n\n---\nxerofix diagnosis:\n${diagnosis}`,
  badEmail: 'Enter the customer’s email address, e.g. ops@acme.com',
  ticketsOff: 'Tickets are not set up here.',
  couldNotStore: 'xerofix could not take the ticket just now. Submit again in a minute.',
} as const;

/** What /xerofix can do (mrkdwn, escaped as a whole by usage.ts). */
export const USAGE_LINES = [
  '*xerofix* recognises pasted Xero errors and tells you the fix.',
  '• `/xerofix <pasted error>`: diagnose an error (only you see the answer; share it with a button)',
  '• `/xerofix probe <customer>`: check a customer’s live Xero connection',
  '• `/xerofix help`: this message',
  '• On any message: *More actions → Diagnose this error* (answers you privately, can post in the thread)',
] as const;

/** The App Home tab (mrkdwn). */
export const HOME_TAB = {
  header: 'xerofix',
  health: (healthy: number, broken: number, unknown: number) =>
    `*Connections*  :large_green_circle: ${healthy} healthy · :red_circle: ${broken} broken · :white_circle: ${unknown} unknown`,
  entries: (n: number) => `*Knowledge entries* (${n})`,
  more: (n: number) => `…and ${n} more`,
  gaps: '*Latest questions with no answer* (articles worth writing)',
  noneYet: 'None yet.',
  emptyPaste: '(empty)',
} as const;
