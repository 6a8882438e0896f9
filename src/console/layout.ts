import { escapeHtml } from '../reply/escape-html.js';
import { CONSOLE_FRAME } from '../reply/wording-console.js';
import type { WebResponse } from '../web/router.js';

// The console's one page frame: a nav and a little CSS. The headers that keep pages from
// running scripts, being framed or leaking where staff came from are set for every page in
// src/web/http-app.ts. Narrow screens (a phone is about 390 px wide) get stacked rows instead
// of wide tables: every cell of a `table.stack` shows its column name (data-label) above it.

const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
nav{background:#1f3a5f;padding:.6rem 1.2rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center}
nav a,nav button{color:#fff;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer;padding:0}
nav a[aria-current="page"]{text-decoration:underline;text-underline-offset:.3rem}
main{max-width:68rem;margin:1.5rem auto;padding:0 1.2rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid #e3e6ea;vertical-align:top;overflow-wrap:anywhere}
th.num,td.num{text-align:right}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-size:.85rem;color:#fff}
.badge-active{background:#1e8e3e}.badge-broken{background:#c5221f}.badge-unknown{background:#80868b}
.reason{margin:.3rem 0 0;font-size:.9rem}
textarea{width:100%;min-height:10rem;font:13px/1.4 ui-monospace,monospace}
input,select,button,textarea{max-width:100%;font:inherit}
pre{white-space:pre-wrap;word-break:break-word;background:#fff;padding:.6rem;border:1px solid #e3e6ea;margin:0}
code{overflow-wrap:anywhere}
.card{background:#fff;border:1px solid #e3e6ea;padding:1rem 1.2rem;margin:1rem 0}
.notice{border-left:4px solid #1e8e3e}.notice.error{border-left-color:#c5221f}
.muted{color:#5f6368;font-size:.9rem}.error{color:#c5221f}
form.inline{display:inline}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:0 1rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem;margin:1rem 0}
.tile{background:#fff;border:1px solid #e3e6ea;padding:.6rem .9rem}.tile strong{display:block;font-size:1.5rem}
figure{margin:0}svg.chart{display:block;width:100%;height:auto}
svg.chart-days{max-width:52rem}svg.chart-days text{font-size:12px}svg.chart-ranked text{font-size:15px}
.legend{list-style:none;padding:0;margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.9rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.35rem;vertical-align:-.05rem}
details>summary{cursor:pointer}
.pager{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:.8rem 0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){
main{padding:0 .7rem;margin-top:1rem}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{border:1px solid #e3e6ea;margin:0 0 .8rem;background:#fff}
table.stack td{border:0;padding:.35rem .7rem}
table.stack td[data-label]::before{content:attr(data-label);display:block;font-size:.8rem;color:#5f6368}
svg.chart-days text{font-size:22px}svg.chart-ranked text{font-size:19px}
}
`;

const NAV = Object.entries(CONSOLE_FRAME.nav);

export function consolePage(
  status: number,
  title: string,
  body: string,
  options: { csrf?: string; headers?: Record<string, string>; current?: string } = {},
): WebResponse {
  const links = NAV.map(
    ([path, label]) =>
      `<a href="${path}"${path === options.current ? ' aria-current="page"' : ''}>${label}</a>`,
  ).join('');
  const nav = options.csrf
    ? `<nav><strong style="color:#fff">xerofix</strong>${links}
<form class="inline" method="post" action="/signout"><input type="hidden" name="csrf" value="${escapeHtml(options.csrf)}"><button type="submit">${CONSOLE_FRAME.signOut}</button></form></nav>`
    : '<nav><strong style="color:#fff">xerofix</strong></nav>';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · xerofix</title><style>${CSS}</style></head><body>${nav}<main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...options.headers }, body: html };
}

/** A one-line result at the top of a page (what the last form did); `text` is plain text. */
export const notice = (text: string, kind: 'ok' | 'error' = 'ok') =>
  `<p class="card notice${kind === 'error' ? ' error' : ''}" role="status">${escapeHtml(text)}</p>`;

/** An ISO time as staff read it: minutes, in UTC, said so. */
export const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export const redirect = (location: string, headers: Record<string, string> = {}): WebResponse => ({
  status: 303,
  headers: { location, ...headers },
});

/** Form fields of an application/x-www-form-urlencoded body. */
export const formOf = (body: string) => new URLSearchParams(body);
