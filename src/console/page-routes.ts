import { feedbackLabels } from '../knowledge/examples.js';
import { GAPS_PAGE, LOOKUP_PAGE, PAGE_TITLES, STATUS_PAGE } from '../reply/wording-console.js';
import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';
import type { ConnectionSummary } from '../store/types.js';
import type { Handler, Router, WebRequest, WebResponse } from '../web/router.js';
import { ANSWERS_PATH, answerPage, entryFromPath } from './answer-page.js';
import { pickForm } from './feedback-form.js';
import { mountFeedbackPick, pickedNotice } from './feedback-routes.js';
import { GAP_ARTICLE_PATH, gapsBody } from './gaps-page.js';
import { consolePage, formOf, redirect } from './layout.js';
import { answerHtml, lookupForm, MAX_PASTE } from './lookup-page.js';
import type { ConsoleDeps } from './mount.js';
import { loadOverview, overviewBody } from './overview-page.js';
import type { Session } from './session.js';
import { probedNotice, rowId, type SortKey, sortAndFilter, statusBody } from './status-page.js';

// The console's pages behind the sign-in: /overview, /status (and Probe now), /answers/ENTRY,
// /lookup and /gaps. Forms post and redirect back with what happened in the query string, so
// every result shows without a script and reloading does not post again.

export interface PageRouteDeps extends Pick<ConsoleDeps, 'desk' | 'store' | 'clock'> {
  readonly log: Logger;
  /** The console's guard (mount.ts): a session for every page, its CSRF token on every POST. */
  readonly page: (handler: (req: WebRequest, session: Session) => Promise<WebResponse>) => Handler;
}

const GAPS_LIMIT = 100;

export function mountPages(router: Router, deps: PageRouteDeps): void {
  const { page, store, desk } = deps;
  const show = (status: number, title: string, body: string, session: Session, current: string) =>
    consolePage(status, title, body, { csrf: session.csrf, current });

  router
    .get(
      '/overview',
      page(async (_req, session) =>
        show(
          200,
          PAGE_TITLES.overview,
          overviewBody(await loadOverview(store, deps.clock()), desk.index),
          session,
          '/overview',
        ),
      ),
    )
    .get(
      '/status',
      page(async (req, session) => {
        const q = req.url.searchParams;
        const sort: SortKey = q.get('sort') === 'customer' ? 'customer' : 'status';
        const query = q.get('q') ?? '';
        const connections = await store.connections.list();
        const rows = sortAndFilter(connections, sort, query);
        const notice = probeResult(q, connections);
        const body = statusBody(rows, desk.index, {
          sort,
          query,
          page: Number(q.get('page') ?? '1'),
          csrf: session.csrf,
          ...(notice ? { notice } : {}),
        });
        return show(200, PAGE_TITLES.status, body, session, '/status');
      }),
    )
    .post(
      '/status/probe',
      page(async (req) => {
        const customer = (formOf(req.body).get('customer') ?? '').trim();
        if (!customer || !desk.canProbe) return redirect('/status');
        const back = (flags: Record<string, string>) =>
          redirect(`/status?${new URLSearchParams(flags).toString()}#${rowId(customer)}`);
        try {
          const { verdict } = await desk.probe(customer);
          return back({ probed: customer, verdict: verdict.code });
        } catch (err) {
          // xerofix's own fault (store, key): the probe reached no verdict to record.
          deps.log.error('console probe failed', { customer, error: (err as Error).name });
          return back({ 'probe-failed': customer });
        }
      }),
    )
    .get(
      `${ANSWERS_PATH}/:entry`,
      page(async (req, session) => {
        const customer = req.url.searchParams.get('customer');
        const connection = customer
          ? (await store.connections.list()).find((c) => c.customerKey === customer)
          : undefined;
        const answer = answerPage(desk.index, entryFromPath(req.url.pathname), connection);
        return show(answer.found ? 200 : 404, PAGE_TITLES.answer, answer.body, session, '/status');
      }),
    )
    .get(
      '/lookup',
      page(async (_req, session) =>
        show(200, PAGE_TITLES.lookup, lookupForm(session.csrf, await customersOf(store)), session, '/lookup'),
      ),
    )
    .post(
      '/lookup',
      page(async (req, session) => {
        const form = formOf(req.body);
        const paste = (form.get('paste') ?? '').slice(0, MAX_PASTE);
        const known = await customersOf(store);
        if (!paste.trim()) {
          const body = lookupForm(session.csrf, known, '', LOOKUP_PAGE.emptyPaste);
          return show(400, PAGE_TITLES.lookup, body, session, '/lookup');
        }
        const chosen = form.get('customer') ?? '';
        const customer = chosen && known.includes(chosen) ? chosen : undefined;
        const answer = await desk.ask({ surface: 'web', paste, askedBy: 'console', customer });
        // Wrong, or no answer? The agent can say which answer fits: it may become an example.
        const entry = answer.diagnosis.kind === 'match' ? answer.diagnosis.entry : null;
        const pick = pickForm({
          csrf: session.csrf,
          lookupId: answer.lookup.id,
          labels: feedbackLabels(desk.index),
          wrong: entry,
          voteDown: entry !== null,
        });
        const body = `${lookupForm(session.csrf, known, paste, '', customer)}${answerHtml(answer)}<div class="card" id="pick">${pick}</div>`;
        return show(200, PAGE_TITLES.lookup, body, session, '/lookup');
      }),
    )
    .get(
      '/gaps',
      page(async (req, session) => {
        const marked = req.url.searchParams.get('marked');
        const title = marked ? desk.index.entries.find((e) => e.id === marked)?.title : undefined;
        const body = await gapsPage(
          deps,
          session,
          title
            ? { text: GAPS_PAGE.markedAs(title), kind: 'ok' }
            : pickedNotice(desk.index, req.url.searchParams.get('picked')),
        );
        return show(200, PAGE_TITLES.gaps, body, session, '/gaps');
      }),
    )
    .post(
      GAP_ARTICLE_PATH,
      page(async (req, session) => {
        const form = formOf(req.body);
        const entry = (form.get('entry') ?? '').trim();
        const lookupId = form.get('lookup') ?? '';
        const refuse = async (text: string, status: number) =>
          show(
            status,
            PAGE_TITLES.gaps,
            await gapsPage(deps, session, { text, kind: 'error' }),
            session,
            '/gaps',
          );
        if (!desk.index.entries.some((e) => e.id === entry)) {
          return refuse(GAPS_PAGE.noSuchEntry(entry), 400);
        }
        if (!(await store.lookups.markTurnedIntoArticle({ lookupId, entry, markedBy: 'console' })))
          return refuse(GAPS_PAGE.notOpen, 409);
        return redirect(`/gaps?${new URLSearchParams({ marked: entry }).toString()}`);
      }),
    );
  mountFeedbackPick(router, deps, async (text, status, session) =>
    show(status, PAGE_TITLES.gaps, await gapsPage(deps, session, { text, kind: 'error' }), session, '/gaps'),
  );
}

async function gapsPage(
  deps: PageRouteDeps,
  session: Session,
  notice?: { text: string; kind: 'ok' | 'error' },
): Promise<string> {
  const [open, openCounts, done, downVotes] = await Promise.all([
    deps.store.lookups.openGaps(GAPS_LIMIT),
    deps.store.lookups.openGapCountsBySurface(),
    deps.store.lookups.gapsTurnedIntoArticles(GAPS_LIMIT),
    deps.store.feedback.downVotes(GAPS_LIMIT),
  ]);
  const choices = await deps.store.feedbackExamples.forLookups([
    ...open.map((g) => g.id),
    ...downVotes.map((v) => v.lookupId),
  ]);
  return gapsBody({
    open,
    openCounts,
    done,
    downVotes,
    choices,
    index: deps.desk.index,
    csrf: session.csrf,
    ...(notice ? { notice } : {}),
  });
}

/** The notice for ?probed=CUSTOMER&verdict=CODE or ?probe-failed=CUSTOMER (from Probe now). */
function probeResult(
  q: URLSearchParams,
  connections: readonly ConnectionSummary[],
): { text: string; kind: 'ok' | 'error' } | undefined {
  const failed = q.get('probe-failed');
  if (failed) {
    return { kind: 'error', text: STATUS_PAGE.probeFailed(failed) };
  }
  const customer = q.get('probed');
  const verdict = q.get('verdict');
  if (!customer || !verdict) return undefined;
  const connection = connections.find((c) => c.customerKey === customer);
  return probedNotice(customer, verdict, connection?.tenantName ?? null);
}

async function customersOf(store: Store): Promise<string[]> {
  return (await store.connections.list()).map((c) => c.customerKey);
}
