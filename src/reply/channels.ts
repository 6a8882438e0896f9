import type { Reply } from './model.js';
import { type ReplySection, replySections, type SectionId } from './sections.js';

// The one place a channel declares what it does not show, and why. A renderer asks
// sectionsFor(reply, channel) and renders every section it gets; a section missing from an
// answer on some surface is either empty or listed here, never dropped in a renderer.

export type Channel =
  /** `xerofix diagnose --full`, and the ticket text built from a Slack answer. */
  | 'text'
  /** `xerofix diagnose`: a screenful, with a hint to ask for the rest. */
  | 'text-brief'
  | 'json'
  /** An answer in Slack: the command, the shortcut, a thread reply. */
  | 'slack'
  /** A Slack alert or probe result: the fix for what a live check found. */
  | 'slack-alert'
  /** The public Freshdesk reply to the customer; also the answer card of the console. */
  | 'freshdesk-reply'
  /** The private Freshdesk note for the agent, and the description of a ticket xerofix opens. */
  | 'freshdesk-note'
  /** The console's "How xerofix decided" card, shown under the customer's answer. */
  | 'console-decision';

export const OMITTED_SECTIONS: Readonly<Record<Channel, Partial<Record<SectionId, string>>>> = {
  text: {},
  'text-brief': {
    causes: 'kept for --full so the fix fits one screen; the hint under the answer says how',
    prevention: 'kept for --full so the fix fits one screen',
    source: 'kept for --full so the fix fits one screen',
    facts: 'kept for --full: the evidence line already names what counted',
  },
  json: {},
  slack: {},
  'slack-alert': {
    probe: 'the alert or probe message opens with the live check itself',
  },
  'freshdesk-reply': {
    evidence: 'how xerofix decided is for the agent; the private note (and the console card) carry it',
    facts: 'the customer wrote the paste; the private note lists what xerofix read from it',
  },
  'freshdesk-note': {},
  'console-decision': {
    meaning: 'shown once, in the answer card above it',
    causes: 'shown once, in the answer card above it',
    steps: 'shown once, in the answer card above it',
    ifFails: 'shown once, in the answer card above it',
    prevention: 'shown once, in the answer card above it',
    escalation: 'shown once, in the answer card above it',
    source: 'shown once, in the answer card above it',
    probe: 'shown once, in the answer card above it',
  },
};

/** Sections a channel gives only in part, and how. */
export const ABRIDGED_SECTIONS: Readonly<Partial<Record<Channel, Partial<Record<SectionId, string>>>>> = {
  'text-brief': { meaning: 'its first sentence; --full gives it whole' },
};

/** The sections of a reply this channel shows, in the one order. */
export function sectionsFor(reply: Reply, channel: Channel): ReplySection[] {
  const omitted = OMITTED_SECTIONS[channel];
  return replySections(reply).filter((s) => !(s.id in omitted));
}

/** Whether a channel left out some section of this reply that a fuller rendering would show. */
export function leftOut(reply: Reply, channel: Channel): boolean {
  const omitted = OMITTED_SECTIONS[channel];
  return replySections(reply).some((s) => s.id in omitted);
}
