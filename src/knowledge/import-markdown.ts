import { type ImportOptions, importHtmlArticle } from './import-html.js';

// `kb import` of a markdown file. One already in our format (front matter with entries) is taken
// as it is, for the caller to validate; a plain help-centre article in markdown is read the way
// an HTML export is, so both kinds end up with the same sections and seeded rules.

const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Inline markdown to HTML: code spans stay code; links keep their text; emphasis is dropped. */
function inline(text: string): string {
  return escapeText(text)
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]\n]{1,300})\]\([^)\s]{1,2000}\)/g, '$1')
    .replace(/\*\*([^*\n]{1,300})\*\*/g, '$1');
}

/** Just enough markdown for a help-centre article: headings, lists, paragraphs and code blocks. */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  let code: string[] | null = null;
  const flush = () => {
    if (paragraph.length) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    if (list.length) out.push(`<ul>${list.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`);
    paragraph = [];
    list = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      if (code) {
        out.push(`<pre>${escapeText(code.join('\n'))}</pre>`);
        code = null;
      } else {
        flush();
        code = [];
      }
    } else if (code) code.push(line);
    else if (!line.trim()) flush();
    else if (/^#{1,6}\s/.test(line)) {
      flush();
      const level = /^#+/.exec(line)?.[0].length ?? 1;
      out.push(`<h${level}>${inline(line.replace(/^#+\s*/, ''))}</h${level}>`);
    } else if (LIST_ITEM.test(line)) {
      if (paragraph.length) flush();
      list.push(line.replace(LIST_ITEM, ''));
    } else if (list.length) list[list.length - 1] += ` ${line.trim()}`;
    else paragraph.push(line.trim());
  }
  if (code) out.push(`<pre>${escapeText(code.join('\n'))}</pre>`);
  flush();
  return `<body>${out.join('\n')}</body>`;
}

/** True when the file is already a knowledge article (front matter first). */
export const hasFrontMatter = (markdown: string) => FRONT_MATTER.test(markdown);

export function importMarkdownArticle(
  markdown: string,
  options: ImportOptions = {},
): { id: string | undefined; markdown: string } {
  if (hasFrontMatter(markdown)) return { id: options.id, markdown };
  return importHtmlArticle(markdownToHtml(markdown), options);
}
