// Slack payload shapes the tests send, built the way Slack builds them.

/** Every string anywhere in a message, so assertions do not depend on block positions. */
export function allText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(allText).join('\n');
  if (value && typeof value === 'object') return Object.values(value).map(allText).join('\n');
  return '';
}

/** Every interactive element (button, select) in a message, wherever it sits. */
export function elements(value: unknown): { action_id: string; value?: string; options?: unknown[] }[] {
  const out: { action_id: string; value?: string }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.action_id === 'string') out.push(o as { action_id: string; value?: string });
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return out;
}

export function buttonValue(message: unknown, actionId: string): string {
  const found = elements(message).find((e) => e.action_id === actionId);
  if (!found?.value) throw new Error(`no ${actionId} button in the message`);
  return found.value;
}

export function blockAction(
  action: Record<string, unknown>,
  options: { user?: string; channel?: string; responseUrl: string; message?: Record<string, unknown> },
) {
  return {
    type: 'block_actions',
    user: { id: options.user ?? 'U1' },
    channel: { id: options.channel ?? 'C1' },
    team: { id: 'T1' },
    trigger_id: '1.2.3',
    response_url: options.responseUrl,
    ...(options.message ? { message: options.message } : {}),
    actions: [{ block_id: 'b', ...action }],
  };
}

export function messageShortcut(
  text: string,
  options: { responseUrl: string; ts: string; channel?: string },
) {
  return {
    type: 'message_action',
    callback_id: 'diagnose_message',
    trigger_id: '1.2.3',
    response_url: options.responseUrl,
    team: { id: 'T1' },
    user: { id: 'U1', name: 'agent' },
    channel: { id: options.channel ?? 'CSHARED', name: 'acme-shared' },
    message: { type: 'message', user: 'UCUSTOMER', ts: options.ts, text },
  };
}

let eventSeq = 0;
export function messageEvent(event: Record<string, unknown>) {
  eventSeq += 1;
  return {
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${eventSeq}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel_type: 'channel', ...event },
  };
}
