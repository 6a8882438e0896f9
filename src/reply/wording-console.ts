// What the staff console says, page by page. The pages (src/console/) keep the markup; the
// words an agent reads are here, beside the rest of xerofix's wording, so the console and the
// other surfaces say one thing one way. Text here is plain. Static labels hold no & < > or "
// and go into the markup as they are; anything built with a placeholder is escaped by the page.

/** /status: a connection's badge and, always, why. */
export const CONNECTION_STATE = {
  active: 'Active',
  broken: 'Broken',
  unknown: 'Unknown',
  workingReason: 'Working: Xero accepted the last check.',
  couldNotTell: (sentence: string) => `The last probe could not tell: ${sentence}`,
  before: (health: 'healthy' | 'broken') =>
    ` Before that it was ${health === 'healthy' ? 'working' : 'broken'}.`,
  neverProbed: 'Never probed since it was stored: press Probe now to check it.',
} as const;

/** The frame every page shares. */
export const CONSOLE_FRAME = {
  nav: {
    '/overview': 'Overview',
    '/status': 'Status',
    '/status/pending': 'Pending',
    '/lookup': 'Lookup',
    '/gaps': 'Gaps',
  },
  signOut: 'Sign out',
} as const;

/** Signing in with ADMIN_TOKEN, and the guard in front of every page. */
export const SIGN_IN = {
  title: 'Sign in',
  tokenLabel: 'Admin token',
  submit: 'Sign in',
  wrongToken: 'That token is not right.',
  tooManyTries: (minutes: number) =>
    `Too many wrong tokens from this address. Try again in ${minutes} minutes.`,
  offTitle: 'Console is off',
  off: 'The console is off: set ADMIN_TOKEN to a long random value (openssl rand -hex 24) to turn it on.',
  signedOutTitle: 'Signed out',
  signedOut: 'Sign in again.',
  formExpiredTitle: 'Form expired',
  formExpired: 'That form is out of date. Go back, reload the page and try again.',
} as const;

/** Page titles (the <title> and the page's heading). */
export const PAGE_TITLES = {
  overview: 'Overview',
  status: 'Connections',
  answer: 'Full answer',
  lookup: 'Lookup',
  gaps: 'Knowledge gaps',
  pending: 'Pending connections',
} as const;

/** /status: every stored connection, and the fix for a broken one. */
export const STATUS_PAGE = {
  nothingToFix: 'Nothing to fix.',
  probeAgainLater: 'Probe again later to find out.',
  probeToFindOut: 'Probe it to find out.',
  noArticle: 'No article for this one: do what the status says.',
  firstStep: 'First:',
  fullAnswer: 'The full answer:',
  columns: {
    customer: 'Customer',
    status: 'Status',
    lastProbe: 'Last probe',
    fix: 'Fix',
    actions: 'Actions',
  },
  never: 'never',
  probeNow: 'Probe now',
  filterLabel: 'Filter by customer',
  orderLabel: 'Order',
  brokenFirst: 'Broken first',
  byCustomer: 'By customer',
  show: 'Show',
  noneMatch: 'No connections match that filter.',
  noneStored: 'No connections stored yet.',
  pagesLabel: 'Pages',
  previous: (n: number) => `← Previous ${n}`,
  next: (n: number) => `Next ${n} →`,
  showing: (from: number, to: number, total: number, page: number, pages: number) =>
    `Showing ${from}–${to} of ${total} (page ${page} of ${pages})`,
  /** What Probe now found, in a sentence: "Probed ops@acme.test: Broken. Xero refused …". */
  probed: (customer: string, label: string, reason: string) => `Probed ${customer}: ${label}. ${reason}`,
  probedNothingStored: (customer: string) => `Probed ${customer}: no connection is stored for this customer.`,
  probeFailed: (customer: string) =>
    `Probing ${customer} failed before Xero was asked: xerofix could not use its own store or key. The server log says why; try again once that is fixed.`,
} as const;

/** /answers/ENTRY: one entry's whole answer. */
export const ANSWER_PAGE = {
  noSuchEntry: (id: string) =>
    `There is no knowledge entry called "${id}" in the knowledge this server loaded. These are the entries it has:`,
  forCustomer: (customer: string, organisation: string | null) =>
    `For ${customer}${organisation ? ` (${organisation})` : ''}.`,
  back: 'Back to the connections',
  entry: 'Entry',
} as const;

/** /lookup: paste an error, see what xerofix makes of it. */
export const LOOKUP_PAGE = {
  pasteLabel: 'Pasted error',
  customerLabel: "Probe a customer's connection too (optional)",
  noCustomer: '— none —',
  submit: 'Diagnose',
  emptyPaste: 'Paste an error to diagnose.',
} as const;

/** /gaps: what xerofix could not answer, and answers marked wrong. */
export const GAPS_PAGE = {
  markedAs: (title: string) => `Marked as turned into "${title}".`,
  noSuchEntry: (id: string) =>
    `There is no knowledge entry "${id}" in the knowledge this server loaded. Pick one from the list; an article written since the server started needs "xerofix kb build" and a restart first.`,
  notOpen: 'That question is not an open knowledge gap any more. Reload the page.',
  pickFromList:
    'Pick an answer from the list. One written since the server started needs "xerofix kb build" and a restart first.',
  questionGone: 'That question is no longer stored. Reload the page.',
  surfaces: {
    slack: 'Slack',
    freshdesk: 'Freshdesk ticket',
    web: 'Console lookup',
    cli: 'CLI (ticket open)',
  },
  /** Why a question had no answer, by the matcher's abstain reason. */
  reasons: {
    empty: 'The paste was empty.',
    'no-match': 'Nothing in it matches a known Xero error.',
    'low-confidence': 'Close to an article, but not clear enough to be sure.',
    ambiguous: 'More than one article fits equally well.',
    'other-provider': "Another service's error, not Xero's.",
    'not-covered': 'A known error no article covers yet.',
  },
  noReason: 'No article matched.',
  /** Plain-text parts around the markup of the note on which surfaces are counted. */
  surfacesNote: {
    lead: "From every surface that keeps the questions it is asked: Slack, Freshdesk tickets, this console's Lookup, and",
    diagnose: 'in a terminal works without a database, by design, so what is asked there is not recorded.',
    openNow: (listed: string) => `Open now: ${listed}.`,
  },
  entryItBecame: 'Entry it became',
  markSubmit: 'Mark as turned into an article',
  noneYet: 'None yet.',
  openHeading: (total: number) => `Questions with no answer (${total})`,
  newestShown: (n: number) => `(the newest ${n} shown)`,
  doneHeading: (n: number) => `Turned into articles (${n})`,
  wrongHeading: (n: number) => `Answers marked wrong (${n})`,
  columns: {
    when: 'When',
    where: 'Where',
    whyNot: 'Why not',
    paste: 'Paste',
    turnedInto: 'Turned into an article?',
    whichFits: 'Which answer fits?',
    marked: 'Marked',
    article: 'Article',
    answer: 'Answer',
    whichWasRight: 'Which answer was right?',
  },
} as const;

/** /status/pending: connections that would replace a stored one, waiting for an agent. */
export const PENDING_PAGE = {
  intro:
    'These arrived through a connect link and would replace the connection stored for the customer. Check with the customer that the new organisation is right before confirming.',
  nothingWaiting: 'Nothing is waiting.',
  nothingWaitingFor: (customer: string | undefined) =>
    `Nothing is waiting for ${customer || 'that customer'} any more.`,
  confirmed: (customer: string, now: string, before: string) =>
    `Confirmed: ${customer} now uses ${now}, replacing ${before}.`,
  discarded: (customer: string, kept: string) => `Discarded: ${customer} keeps ${kept}.`,
  /** After a discard: what became of the discarded connection's tokens at Xero. */
  revoked: 'Its tokens were revoked at Xero, so they cannot be used any more.',
  keptForLive: (liveCustomer: string) =>
    `Its tokens were not revoked at Xero: the same Xero user and app also connect ${liveCustomer}, and revoking would cut that connection off too.`,
  revokeFailed: (error: string) =>
    `Xero could not be told to revoke its tokens (${error}). They stay valid at Xero until they lapse after 60 days unused, or the customer removes the app in Xero's Connected Apps.`,
  useNew: 'Use the new one',
  keepStored: 'Keep the stored one',
  storedUnder: (customer: string) => `(stored under ${customer})`,
  columns: {
    customer: 'Customer',
    storedNow: 'Stored now',
    sent: 'Sent through the link',
    received: 'Received',
  },
} as const;

/** /overview: how the last days went, each chart with its numbers beside it. */
export const OVERVIEW_PAGE = {
  tiles: {
    questions: (days: number) => `Questions, last ${days} days`,
    answered: 'Answered',
    helpful: 'Found helpful',
    brokenNow: 'Broken connections now',
    ofTotal: (part: number, whole: number) => `${part} of ${whole}`,
    votes: (up: number, down: number) => `${up} up · ${down} down`,
    ofConnections: (n: number) => `of ${n}`,
  },
  outcomes: {
    heading: 'Questions per day',
    note: 'Every question asked in Slack, Freshdesk, the console and',
    noteTail: ', by what became of it. UTC days.',
    summary: (days: number, answered: number, declined: number, escalated: number) =>
      `Questions per day over the last ${days} days: ${answered} answered, ${declined} declined, ${escalated} escalated.`,
    answered: 'Answered',
    declined: 'Declined (no answer)',
    escalated: 'Escalated (ticket asked for)',
  },
  top: {
    heading: 'Answers given most',
    summary: (days: number, items: readonly string[]) =>
      `The answers given most over the last ${days} days: ${items.join('; ')}.`,
    item: (title: string, count: number) => `${title}, ${count}`,
    valueLabel: 'Answers',
    helpful: 'Helpful',
    notHelpful: 'Not helpful',
    none: 'No answers given yet.',
  },
  votes: {
    heading: 'Were the answers helpful?',
    summary: (days: number, up: number, down: number, share: string) =>
      `${up} votes up and ${down} down on answers over the last ${days} days: ${share} found helpful.`,
    up: 'Helpful (voted up)',
    down: 'Not helpful (voted down)',
    none: 'Nobody has voted on an answer in this time.',
  },
  gaps: {
    heading: 'Questions nothing answered',
    unanswered: (n: number, days: number) =>
      `${n} question${n === 1 ? '' : 's'} in the last ${days} days had no answer.`,
    newest: 'Newest not yet turned into an article:',
    all: 'All knowledge gaps',
  },
  health: {
    heading: 'Connection health',
    note: 'Each probed connection counts once a day, by its worst result. A gap in a line is a day with no probes.',
    all: 'All connections',
    summary: (days: number, brokenDays: number, breaks: number, recoveries: number) =>
      `Connections probed per day over the last ${days} days, by their worst result that day: ${brokenDays} broken connection-days, ${breaks} breaks, ${recoveries} recoveries.`,
    healthy: 'Working',
    broken: 'Broken',
    unclear: 'Could not tell',
    broke: 'Broke',
    recovered: 'Recovered',
  },
} as const;

/** The charts' own words: each chart's numbers sit in a table under it. */
export const CHART_WORDS = {
  numbers: 'The numbers',
  numbersByDay: 'The numbers, day by day',
  day: 'Day (UTC)',
  entry: 'Entry',
  months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
} as const;
