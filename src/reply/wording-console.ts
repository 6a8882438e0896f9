// What the staff console says, page by page. The pages (src/console/) keep the markup; the
// words an agent reads are here, beside the rest of xerofix's wording, so the console and the
// other surfaces say one thing one way. Text here is plain: the pages escape it.

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

/** /status: every stored connection, and the fix for a broken one. */
export const STATUS_PAGE = {
  nothingToFix: 'Nothing to fix.',
  probeAgainLater: 'Probe again later to find out.',
  probeToFindOut: 'Probe it to find out.',
  noArticle: 'No article for this one: do what the status says.',
  firstStep: 'First:',
  fullAnswer: 'The full answer:',
} as const;
