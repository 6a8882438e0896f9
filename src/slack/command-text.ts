// What someone typed after /xerofix. Pure, so every odd input is a unit test.

export type SlashRequest =
  | { readonly kind: 'help' }
  | { readonly kind: 'probe'; readonly customer: string }
  | { readonly kind: 'probe-usage' }
  | { readonly kind: 'diagnose'; readonly paste: string };

export function parseCommandText(raw: string): SlashRequest {
  const text = raw.trim();
  if (text === '' || /^(help|-h|--help|\?)$/i.test(text)) return { kind: 'help' };
  const probe = /^probe(?:\s+(.*))?$/is.exec(text);
  if (probe) {
    // Slack may send an email as a mailto link: <mailto:ops@acme.com|ops@acme.com>.
    const customer = (probe[1] ?? '')
      .trim()
      .replace(/^<mailto:([^|>]+)(?:\|[^>]*)?>$/i, '$1')
      .toLowerCase();
    return customer && !/\s/.test(customer) ? { kind: 'probe', customer } : { kind: 'probe-usage' };
  }
  return { kind: 'diagnose', paste: text };
}

/** Button values carry the lookup id, and for "Post in thread" where the thread is. */
export interface ActionTarget {
  readonly lookupId: string;
  readonly channel?: string;
  readonly threadTs?: string;
}

export const encodeActionTarget = (t: ActionTarget): string =>
  t.channel && t.threadTs ? `${t.lookupId}:${t.channel}:${t.threadTs}` : t.lookupId;

export function decodeActionTarget(value: string): ActionTarget {
  const [lookupId = '', channel, threadTs] = value.split(':');
  return channel && threadTs ? { lookupId, channel, threadTs } : { lookupId };
}
