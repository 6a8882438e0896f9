import { escapeHtml } from '../reply/escape-html.js';
import type { WebResponse } from './router.js';

// Escaping lives below the surfaces, in reply/; re-exported for the pages that import it from here.
export { escapeHtml };

/** A plain, self-contained page: one heading, one paragraph. */
export function page(
  status: number,
  title: string,
  message: string,
  headers: Record<string, string | string[]> = {},
): WebResponse {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
</body></html>
`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}
