import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

// The console's "which answer was right?" form, on a /lookup answer and on /gaps, through the
// real HTTP server: signed in, with the session's CSRF token, like every console form.

const ADMIN_TOKEN = 'console-feedback-admin-token-0123456789';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const PASTE_401 = '"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';
let server: ServerUnderTest;
let session: { cookie: string; csrf: string };

beforeAll(async () => {
  server = await startServerUnderTest({ ADMIN_TOKEN, PUBLIC_URL: 'https://xerofix.example.com' });
  const res = await post('/signin', { token: ADMIN_TOKEN });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const page = await (await get('/gaps', cookie)).text();
  session = { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' };
});
afterAll(() => server.close());

function get(path: string, cookie = session?.cookie ?? '') {
  return fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
}
function post(path: string, form: Record<string, string>, cookie = session?.cookie ?? '') {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...FORM, cookie },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}
const html = async (res: Response) => parse(await res.text());
const text = (el: HTMLElement | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const store = () => server.running.services.store;

async function lookUp(paste: string) {
  const page = await html(await post('/lookup', { csrf: session.csrf, paste }));
  const form = page.querySelector('#pick form');
  const lookupId = form?.querySelector('input[name="lookup"]')?.getAttribute('value') ?? '';
  return { page, form, lookupId };
}
const optionValues = (form: HTMLElement | null | undefined) =>
  (form?.querySelectorAll('select[name="label"] option') ?? []).map((o) => o.getAttribute('value'));

describe('the console’s pick form', () => {
  it('offers, under an answer, every other answer and "none of these", and records the 👎 with the pick', async () => {
    const { form, lookupId } = await lookUp(`${PASTE_401} order 3001`);
    expect(form?.getAttribute('action')).toBe('/feedback/pick');
    expect(form?.querySelector('input[name="csrf"]')?.getAttribute('value')).toBe(session.csrf);
    const values = optionValues(form);
    expect(values).toEqual(expect.arrayContaining(['xero-403-forbidden', 'xero-other', '-']));
    expect(values).not.toContain('xero-401-unauthorized');
    expect(text(form?.querySelector('button'))).toMatch(/Wrong/);

    const res = await post('/feedback/pick', {
      csrf: session.csrf,
      lookup: lookupId,
      label: 'xero-403-forbidden',
      vote: 'down',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/gaps?picked=xero-403-forbidden');
    const gaps = await html(await get(res.headers.get('location') ?? ''));
    expect(text(gaps.querySelector('.notice'))).toMatch(/noted that this paste is “.+”/);
    const row = gaps.querySelector(`tr[data-wrong="${lookupId}"]`);
    expect(text(row)).toMatch(/An agent picked “.+”; waiting for “xerofix kb feedback export”/);
    expect(row?.querySelector('[data-picked]')?.getAttribute('data-picked')).toBe('xero-403-forbidden');

    const pick = (await store().feedbackExamples.forLookups([lookupId])).get(lookupId);
    expect(pick).toMatchObject({ label: 'xero-403-forbidden', surface: 'console', chosenBy: 'console' });
    expect((await store().feedback.downVotes()).filter((d) => d.lookupId === lookupId)).toHaveLength(1);
  });

  it('teaches a gap from /gaps without voting on anything', async () => {
    const { lookupId } = await lookUp('Quillfeather bridge: ledger handshake refused for Acme');
    const gaps = await html(await get('/gaps'));
    const row = gaps.querySelector(`tr[data-gap="${lookupId}"]`);
    const form = row?.querySelectorAll('form').find((f) => f.getAttribute('action') === '/feedback/pick');
    expect(form?.querySelector('input[name="vote"]')).toBeNull();
    expect(optionValues(form)).toContain('xero-401-unauthorized');
    const res = await post('/feedback/pick', { csrf: session.csrf, lookup: lookupId, label: '-' });
    expect(res.status).toBe(303);
    const after = await html(await get(res.headers.get('location') ?? ''));
    expect(text(after.querySelector('.notice'))).toMatch(/none of the answers fits/);
    expect(text(after.querySelector(`tr[data-gap="${lookupId}"]`))).toMatch(/none of the answers fits/);
    expect((await store().feedbackExamples.forLookups([lookupId])).get(lookupId)?.label).toBeNull();
    expect((await store().feedback.downVotes()).some((d) => d.lookupId === lookupId)).toBe(false);
  });

  it('refuses a form without the session’s CSRF token, and a label the server does not know', async () => {
    const { lookupId } = await lookUp(`${PASTE_401} order 3003`);
    const forged = await post('/feedback/pick', {
      csrf: 'not-the-token',
      lookup: lookupId,
      label: 'xero-other',
    });
    expect(forged.status).toBe(403);
    const signedOut = await post(
      '/feedback/pick',
      { csrf: session.csrf, lookup: lookupId, label: 'xero-other' },
      '',
    );
    expect(signedOut.status).toBe(403);
    const unknown = await post('/feedback/pick', {
      csrf: session.csrf,
      lookup: lookupId,
      label: 'entry-removed',
    });
    expect(unknown.status).toBe(400);
    expect(text((await html(unknown)).querySelector('.notice'))).toMatch(/Pick an answer from the list/);
    const gone = await post('/feedback/pick', {
      csrf: session.csrf,
      lookup: '00000000-0000-0000-0000-000000000000',
      label: 'xero-other',
    });
    expect(gone.status).toBe(404);
    expect((await store().feedbackExamples.forLookups([lookupId])).size).toBe(0);
  });

  it('never echoes a pasted tag or the ?picked value unescaped', async () => {
    const { lookupId } = await lookUp('<script>alert(1)</script> no idea what this is');
    const gaps = await (await get('/gaps?picked=<b>hi</b>')).text();
    expect(gaps).not.toContain('<script>alert(1)</script>');
    expect(gaps).not.toContain('<b>hi</b>');
    expect(gaps).toContain(`value="${lookupId}"`);
  });
});
