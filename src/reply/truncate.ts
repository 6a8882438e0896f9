// The one truncator. Slack rejects a section over 3000 characters, a note should not carry a
// 100 KB paste, a home tab quotes 200 characters: all of them cut here, so the cut is made the
// same careful way everywhere. It never splits a surrogate pair (half an emoji is an invalid
// string Slack rejects), a grapheme (a flag, a family emoji, a letter and its accent) or, when
// asked, an HTML entity such as `&amp;` in text that is already escaped.

import { shortenedNote } from './wording.js';

export interface TruncateOptions {
  /** The length to report when the text was transformed (escaped, say) from the original. */
  readonly total?: number;
  /** The text is already escaped: never cut inside `&…;`. */
  readonly keepEntities?: boolean;
}

/** A longer cluster than this is abuse (hundreds of stacked accents); it is cut at a code point. */
const LONGEST_GRAPHEME = 64;
/** `&#x1F600;` is the longest entity our escapers write or leave in place. */
const LONGEST_ENTITY = 10;

/** Made on first use: building a Segmenter loads ICU's break data (~15 ms of a cold CLI start). */
let segmenter: Intl.Segmenter | undefined;
function graphemes(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return segmenter;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
/** Regional indicators (U+1F1E6..U+1F1FF) pair up into flags counting from the start of their run. */
const isRegionalIndicatorAt = (text: string, i: number) =>
  text.charCodeAt(i) === 0xd83c && text.charCodeAt(i + 1) >= 0xdde6 && text.charCodeAt(i + 1) <= 0xddff;

/** A window start the segmenter can begin at: not inside a surrogate pair nor a run of flags. */
function windowStart(text: string, from: number): number {
  let start = from;
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start -= 1;
  // Which indicators pair up depends on where their run begins, however far back that is.
  while (start >= 2 && isRegionalIndicatorAt(text, start - 2)) start -= 2;
  return start;
}

/**
 * Between two characters below U+0300 (Latin, its punctuation and controls) Unicode always
 * breaks graphemes, except inside CR LF: nothing there extends, joins or pairs. Most cuts land
 * between two such characters, and need no Segmenter (nor its ICU data, on a cold start).
 */
const plainBoundary = (before: number, after: number) =>
  before < 0x300 && after < 0x300 && !(before === 0x0d && after === 0x0a);

/** The last place at or before `cut` where a grapheme starts, within LONGEST_GRAPHEME. */
function graphemeStart(text: string, cut: number): number {
  if (cut <= 0 || cut >= text.length) return Math.max(0, cut);
  if (plainBoundary(text.charCodeAt(cut - 1), text.charCodeAt(cut))) return cut;
  // Only a window around the cut is segmented, so a 100 KB text costs what a short one does.
  const from = windowStart(text, Math.max(0, cut - LONGEST_GRAPHEME));
  const window = text.slice(from, cut + 2);
  const start =
    from +
    (graphemes()
      .segment(window)
      .containing(cut - from)?.index ?? cut - from);
  if (start > from || from === 0) return start;
  // The cluster began before the window: cut at a code point instead of dropping it whole.
  return isHighSurrogate(text.charCodeAt(cut - 1)) ? cut - 1 : cut;
}

/** Moves a cut that lands inside `&…;` back to its `&`. */
function entityStart(text: string, cut: number): number {
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp < 0 || cut - amp >= LONGEST_ENTITY) return cut;
  return text.slice(amp, cut).includes(';') ? cut : amp;
}

/** Whole grapheme clusters from the start of `text`, at most `max` UTF-16 units of them. */
export function cutAt(text: string, max: number, keepEntities = false): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max);
  if (keepEntities) cut = entityStart(text, cut);
  return text.slice(0, graphemeStart(text, cut));
}

/**
 * At most `max` characters, a visible note included when the text had to be shortened. Short
 * text comes back unchanged.
 */
export function truncate(text: string, max: number, options: TruncateOptions = {}): string {
  if (text.length <= max) return text;
  const note = shortenedNote(options.total ?? text.length);
  if (note.length >= max) return cutAt(note, max);
  return `${cutAt(text, max - note.length, options.keepEntities)}${note}`;
}
