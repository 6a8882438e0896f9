import { escapeHtml } from '../web/page.js';
import type { WebResponse } from '../web/router.js';

// The console's one page frame: a nav and a little CSS. The headers that keep pages from
// running scripts, being framed or leaking where staff came from are set for every page in
// src/web/http-app.ts.

const CSS = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
nav{background:#1f3a5f;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
nav a,nav button{color:#fff;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer}
main{max-width:68rem;margin:1.5rem auto;padding:0 1.2rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-size:.85rem;color:#fff}
.badge-active{background:#1e8e3e}.badge-broken{background:#c5221f}.badge-unknown{background:#80868b}
textarea{width:100%;min-height:10rem;font:13px/1.4 ui-monospace,monospace}
pre{white-space:pre-wrap;word-break:break-word;background:#fff;padding:.6rem;border:1px solid #e3e6ea}
.card{background:#fff;border:1px solid #e3e6ea;padding:1rem 1.2rem;margin:1rem 0}
.muted{color:#5f6368;font-size:.9rem}.error{color:#c5221f}
form.inline{display:inline}
`;

export function consolePage(
  status: number,
  title: string,
  body: string,
  options: { csrf?: string; headers?: Record<string, string> } = {},
): WebResponse {
  const nav = options.csrf
    ? `<nav><strong style="color:#fff">xerofix</strong><a href="/status">Status</a><a href="/status/pending">Pending</a><a href="/lookup">Lookup</a><a href="/gaps">Gaps</a>
<form class="inline" method="post" action="/signout"><input type="hidden" name="csrf" value="${escapeHtml(options.csrf)}"><button type="submit">Sign out</button></form></nav>`
    : '<nav><strong style="color:#fff">xerofix</strong></nav>';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · xerofix</title><style>${CSS}</style></head><body>${nav}<main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...options.headers }, body: html };
}

export const redirect = (location: string, headers: Record<string, string> = {}): WebResponse => ({
  status: 303,
  headers: { location, ...headers },
});

/** Form fields of an application/x-www-form-urlencoded body. */
export const formOf = (body: string) => new URLSearchParams(body);

export const shorten = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length.toLocaleString('en')} characters)`;
