// Freshdesk tickets are e-mails. Around the error a customer pastes sit a greeting, a sign-off,
// a signature ("Unit 404, 500 Lakeshore Blvd"), a confidentiality notice ("it is forbidden to
// copy this message", "if you received this in error") and a forwarded message's headers. None
// of it says what is wrong, yet read as words it named statuses, 403's "forbidden" and
// near-misses' words, and it diluted the words that matter: with the greetings and signatures of
// the helper-written wrappers in test/fixtures/email-wrappings, 13% of the right answers changed.
// The frame's lines are blanked here (spaces of the same length, so nothing else moves) before
// anything is read.
//
// Written here rather than taken from an e-mail reply parser: those drop quoted and forwarded
// text, which for this desk is often where the error is (a plugin's notice forwarded on), and
// their patterns backtrack on long lines. Here each line is looked at a bounded number of times
// with patterns anchored at its start: linear in the paste.
//
// The word lists are English e-mail conventions, like the help words of questions.ts: a
// property of how people write e-mail, not of any article.

import { ERROR_WORDS, lineWords } from './error-words.js';
import { HELP_WORDS } from './questions.js';

/** Lines longer than this are never part of the frame (a disclaimer line is rarely longer). */
const MAX_FRAME_LINE = 400;
/** A signature line is short: a name, a title, an address, a phone number. */
const MAX_SIGNATURE_WORDS = 12;
const MAX_SIGNATURE_LINES = 12;
const MAX_COURTESY_LINE = 200;

const HEADER = /^(?:sent|to|cc|bcc|date|reply-to|importance)\s?:/;
/** A forwarded message's sender keeps its name ("From: QuickBooks"), which may say whose
 *  message it is, but not its label or a bracketed address. */
const FROM_LABEL = /^from\s?:\s*/;
/** Subject lines keep their words (a forwarded notice's subject may be the error) but not the
 *  label and its "Re:" / "Fwd:" marks. */
const SUBJECT_LABEL = /^(?:subject\s?:\s*)?(?:(?:re|fwd?|aw|tr)\s?:\s*){0,5}/;
const FORWARD_MARK = /^-{2,} ?(?:forwarded message|original message) ?-{2,}$|^begin forwarded message:?$/;
const DEVICE = /^(?:sent from (?:my )?[a-z]|get outlook for |sent via |sent from mail for )/;
const RULE_LINE = /^(?:[-_=*~#.] ?){2,}$/;
const GREETING =
  /^(?:hi|hello|hey|hiya|heya|dear|greetings|morning|afternoon|evening|good (?:morning|afternoon|evening|day)|g'day|gday|kia ora|howdy|to whom it may concern)\b/;
const SIGN_OFF =
  /^(?:(?:kind|kindest|warm|warmest|best|many|with|all the best|)\s?(?:regards|wishes|thanks)|thanks|thank you|thanking you|thanks again|thanks in advance|thank you in advance|thx|ta|cheers|cheers mate|best|yours (?:sincerely|faithfully|truly)|sincerely|respectfully|talk soon|speak soon|ng[aā] mihi|have a (?:great|good|lovely|nice) (?:day|week|weekend)|rgds|br)\b/;

/** Words of courtesy that, with help words, make up a sentence saying nothing about the error. */
const COURTESY_WORDS = new Set(
  `above advance afternoon all also apologies apologise apologize appreciate as asap asked at
  attached back been below bother busy by call caller chain checking colleague convenience copied
  day desk discussed earliest email e-mail enjoy evening everyone finds find folks following
  forward forwarding front fyi get getting glad grateful great had hand happy hear hearing hectic
  hello hey hi hope hoping if just kind kindly later listener look looking love lovely many moment
  morning much nice once passed pasted patience phone place quick quickly refer regards reply
  requested see send sending sent slow so sorry soon still support sure team text thank thanks
  thanking tonight today tomorrow touch treating trouble u urgent very week week's weekend well wish
  yesterday`.split(/\s+/),
);
/** A courtesy line with one of these closes a message: a name and a signature may follow. */
const CLOSING_WORDS = new Set(
  'thanks thank thanking regards cheers hearing forward appreciate wish'.split(' '),
);

const DISCLAIMER_CORE = [
  'confidential',
  'intended recipient',
  'intended solely',
  'addressee',
  'privileged',
  'virus',
  'disclaimer',
  'in error',
  'by mistake',
  'before printing',
];
const DISCLAIMER_OTHER = [
  'this e-mail',
  'this email',
  'this message',
  'this communication',
  'notify',
  'delete',
  'destroy',
  'prohibited',
  'forbidden',
  'unauthorised',
  'unauthorized',
  'environment',
  'attachments',
  'sender',
];

/** A sentence or line made only of help and courtesy words ("Hope you are well.", "Please see
 *  below."), with at least one courtesy word: help words alone are questions.ts's to judge. */
function isCourtesy(text: string): boolean {
  // Courtesy is short; the first word decides most lines (a log line) before any split.
  if (text.length > MAX_COURTESY_LINE) return false;
  const first = /^[^\p{L}\p{N}'’#]*([\p{L}\p{N}'’]+)/u.exec(text)?.[1];
  if (first === undefined || !(COURTESY_WORDS.has(first) || HELP_WORDS.has(first))) return false;
  // A ticket's number ("Re: Support request #48213") says nothing either.
  const ws = lineWords(text.replace(/#\d+/g, ' '));
  return (
    ws.length > 0 &&
    ws.some((w) => COURTESY_WORDS.has(w)) &&
    ws.every((w) => COURTESY_WORDS.has(w) || HELP_WORDS.has(w))
  );
}

function mayBeSignature(line: string): boolean {
  if (line.length > 100 || /[{}[\]<>="\\]|:\/\//.test(line)) return false;
  const ws = lineWords(line);
  return ws.length <= MAX_SIGNATURE_WORDS && !ws.some((w) => ERROR_WORDS.has(w));
}

/** A line of a signature's contact details: an address, a phone or an e-mail address. */
function isContact(line: string): boolean {
  let digits = 0;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) digits++;
  // Seven digits make a phone number or a street address and postcode, but not a time of day
  // ("2008-12-08T20:55:16"): a log's timestamps are no signature.
  const phone = digits >= 7 && !/\d:\d/.test(line);
  return phone || line.includes('www.') || (line.includes('@') && line.includes('.'));
}

const DISCLAIMER_CORE_ANY = new RegExp(DISCLAIMER_CORE.join('|'));

/** Whether a paragraph reads as a confidentiality notice: one of a notice's own phrases and
 *  one more of its words. One scan decides most paragraphs (a log has none of the phrases). */
function isNotice(paragraph: string): boolean {
  if (!DISCLAIMER_CORE_ANY.test(paragraph) || /[{}[\]<>="\\]/.test(paragraph)) return false;
  const core = DISCLAIMER_CORE.filter((m) => paragraph.includes(m)).length;
  return core >= 2 || DISCLAIMER_OTHER.some((m) => paragraph.includes(m));
}

/** The greeting clause at the start of a line ("Hello Support Team,", "hi,"), if a short one. */
function greetingLength(line: string): number {
  if (!GREETING.test(line)) return 0;
  const stop = line.search(/[,.!:;]|$/);
  if (lineWords(line.slice(0, stop)).length > 4) return 0;
  let end = stop;
  while (end < line.length && /[,.!:;\s]/.test(line[end] as string)) end++;
  return end;
}

/** The text (lower-cased or not: only letters' case differs) with its e-mail frame blanked. */
export function withoutEmailFrame(text: string): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  const lower = lines.map((l) => (l.length > MAX_FRAME_LINE ? '' : l.toLowerCase()));
  const blank = new Array<boolean>(lines.length).fill(false);
  const keepFrom = new Array<number>(lines.length).fill(0);
  const keepTo = lines.map((l) => l.length);
  // Quoted lines ("> …") are read without their marks; what they quote is kept.
  const quoteMarks = lower.map((l) => /^(?:\s*>)*\s*/.exec(l)?.[0].length ?? 0);
  const bare = lower.map((l, i) => l.slice(quoteMarks[i]).trimEnd());

  let signatureLeft = 0;
  let signatureLines = 0;
  let greetingAllowed = true;
  // A sign-off ends a message: before anything was said, "Thanks in advance!" starts no signature.
  let sawContent = false;
  const startSignature = () => {
    if (!sawContent) return;
    signatureLeft = MAX_SIGNATURE_LINES;
    signatureLines = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = bare[i] as string;
    const long = (lines[i] as string).length > MAX_FRAME_LINE;
    if (!line) {
      // A blank line (or one too long to read) ends a signature that has begun.
      if (long || signatureLines > 0) signatureLeft = 0;
      continue;
    }
    if (
      FORWARD_MARK.test(line) ||
      (line.endsWith('wrote:') && (line.startsWith('on ') || bare[i - 1]?.startsWith('on ')))
    ) {
      blank[i] = true;
      if (!line.startsWith('on ') && bare[i - 1]?.startsWith('on ')) blank[i - 1] = true;
      signatureLeft = 0;
      greetingAllowed = true;
      sawContent = false;
      continue;
    }
    if (HEADER.test(line) || DEVICE.test(line) || RULE_LINE.test(line) || line === '--') {
      blank[i] = true;
      // The "-- " line starts a signature.
      if (line === '--') {
        signatureLeft = MAX_SIGNATURE_LINES;
        signatureLines = 0;
      }
      continue;
    }
    const from = FROM_LABEL.exec(line);
    if (from) {
      keepFrom[i] = (quoteMarks[i] as number) + from[0].length;
      const address = line.search(/[[(]mailto:|[[(<][^\s@]*@/);
      if (address >= 0) keepTo[i] = (quoteMarks[i] as number) + address;
      continue;
    }
    if (line.startsWith('subject') || /^(?:re|fwd?)\s?:/.test(line)) {
      const label = SUBJECT_LABEL.exec(line)?.[0].length ?? 0;
      if (isCourtesy(line.slice(label))) blank[i] = true;
      else keepFrom[i] = (quoteMarks[i] as number) + label;
      greetingAllowed = true;
      continue;
    }
    if (signatureLeft > 0) {
      if (mayBeSignature(line)) {
        blank[i] = true;
        signatureLeft--;
        signatureLines++;
        continue;
      }
      signatureLeft = 0;
    }
    const signOff = SIGN_OFF.exec(line);
    if (signOff) {
      const rest = line.slice(signOff[0].length).replace(/^[\s,.!-]+/, '');
      // "Kind regards," alone, or with the name after it ("Thanks, Sarah").
      if (lineWords(rest).length <= 3 && mayBeSignature(rest)) {
        blank[i] = true;
        startSignature();
        continue;
      }
    }
    if (greetingAllowed) {
      greetingAllowed = false;
      const g = greetingLength(line);
      if (GREETING.test(line) && isCourtesy(line)) {
        blank[i] = true;
        continue;
      }
      if (g) {
        const rest = line.slice(g);
        if (!rest.trim() || isCourtesy(rest)) blank[i] = true;
        else {
          keepFrom[i] = (quoteMarks[i] as number) + g;
          sawContent = true;
        }
        continue;
      }
    }
    if (isCourtesy(line)) {
      blank[i] = true;
      // "Thanks in advance for your help!" after the error: a name may follow.
      if (lineWords(line).some((w) => CLOSING_WORDS.has(w))) startSignature();
    } else sawContent = true;
  }

  // Confidentiality notices: a paragraph with a notice's own words, and no payload. Contact
  // blocks: a paragraph of short lines with an address, a phone or an e-mail address in it.
  for (let i = 0; i < lines.length; ) {
    if (!bare[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && bare[j]) j++;
    const paragraph = bare.slice(i, j).join(' ');
    const own = bare.slice(i, j);
    const notice = isNotice(paragraph);
    const contacts =
      own.length >= 2 &&
      own.length <= MAX_SIGNATURE_LINES &&
      own.every(mayBeSignature) &&
      own.some(isContact);
    if (notice || contacts) for (let k = i; k < j; k++) blank[k] = true;
    i = j;
  }

  return lines
    .map((l, i) => {
      if (blank[i]) return ' '.repeat(l.length);
      const from = keepFrom[i] as number;
      const to = Math.max(from, keepTo[i] as number);
      return ' '.repeat(from) + l.slice(from, to) + ' '.repeat(l.length - to);
    })
    .join('\n');
}
