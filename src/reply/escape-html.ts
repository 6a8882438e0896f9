// HTML escaping lives with the reply model because every HTML renderer (Freshdesk, the console,
// the connect pages) needs it and none of them should reach up into a surface to get it.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Everything interpolated into HTML passes through here: organisation names come from Xero users. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
