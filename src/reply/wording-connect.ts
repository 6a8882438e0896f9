// What a customer reads on the connect pages (src/web/connect-routes.ts): the page that sends
// them to Xero and the one Xero sends them back to. Plain text; the page frame escapes it.
// Every dead end says what to do next, since nobody from support is watching.

export const CONNECT_PAGES = {
  title: 'Connect to Xero',
  notConnectedTitle: 'Not connected',
  connectedTitle: 'Connected',
  receivedTitle: 'Received',
  linkExpired: 'This link has expired. Please ask support for a new one.',
  linkInvalid: 'This link is not valid. Please ask support for a new one.',
  otherBrowser: 'This sign-in did not start in this browser. Please open your connect link again.',
  stateGone: 'This sign-in has expired or was already used. Please open your connect link again.',
  accessDenied: 'Xero access was not granted, so nothing was connected.',
  noCode: 'Xero did not send a sign-in code. Please try again.',
  noOrganisation: 'No Xero organisation was chosen, so nothing was connected.',
  /** The organisation's name from Xero, or this when Xero gave none. */
  anyOrganisation: 'Your Xero organisation',
  connected: (org: string) => `${org} is now connected. You can close this page.`,
  reconnected: (org: string) => `${org} is connected again. You can close this page.`,
  held: (org: string) =>
    `Thank you: we received the connection to ${org}. Support will check it and confirm it before it is used; you do not need to do anything else. You can close this page.`,
  xeroFailed: 'Xero did not complete the connection. Please open your connect link again.',
  notConfigured: 'Connecting is not set up yet (XERO_CLIENT_ID and XERO_CLIENT_SECRET). Please tell support.',
  alreadyUsed:
    'This link has already been used to connect Xero. If you need to connect again, please ask support for a new link.',
} as const;

/** Bare HTTP answers (src/web/http-app.ts), for whoever sent a request the server refused. */
export const HTTP_ANSWERS = {
  notFound: 'Not found',
  badRequest: 'Bad request.',
  tooLarge: 'Request body too large.',
  failed: 'Something went wrong.',
} as const;
