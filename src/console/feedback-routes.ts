import { feedbackLabels, NONE_OF_THESE_VALUE, resolveFeedbackLabel } from '../knowledge/examples.js';
import { FEEDBACK_NONE_RECORDED, feedbackRecorded } from '../reply/wording.js';
import { GAPS_PAGE } from '../reply/wording-console.js';
import type { Router, WebRequest, WebResponse } from '../web/router.js';
import { FEEDBACK_PICK_PATH } from './feedback-form.js';
import { formOf, redirect } from './layout.js';
import type { PageRouteDeps } from './page-routes.js';
import type { Session } from './session.js';

// POST /feedback/pick: an agent says which answer a stored question should have had. The pick
// is stored (the server never writes the knowledge folder); `xerofix kb feedback export` turns
// it into an example. From an answer's form it is also that answer's 👎.

/** Who voted, on the feedback table: the console has one shared sign-in, not people. */
const CONSOLE_VOTER = 'console';

export type RefuseOnGaps = (text: string, status: number, session: Session) => Promise<WebResponse>;

export function mountFeedbackPick(
  router: Router,
  deps: Pick<PageRouteDeps, 'desk' | 'store' | 'page'>,
  refuse: RefuseOnGaps,
): void {
  router.post(
    FEEDBACK_PICK_PATH,
    deps.page(async (req: WebRequest, session) => {
      const form = formOf(req.body);
      const lookupId = form.get('lookup') ?? '';
      const labels = feedbackLabels(deps.desk.index);
      const label = resolveFeedbackLabel(labels, (form.get('label') ?? '').trim());
      if (label === undefined) return refuse(GAPS_PAGE.pickFromList, 400, session);
      const lookup = await deps.store.lookups.get(lookupId);
      if (!lookup) return refuse(GAPS_PAGE.questionGone, 404, session);
      if (form.get('vote') === 'down')
        await deps.store.feedback.vote({ lookupId, voter: CONSOLE_VOTER, entry: lookup.entry, vote: 'down' });
      await deps.store.feedbackExamples.choose({
        lookupId,
        label: label?.id ?? null,
        chosenBy: CONSOLE_VOTER,
        surface: 'console',
      });
      const picked = label?.id ?? NONE_OF_THESE_VALUE;
      return redirect(`/gaps?${new URLSearchParams({ picked }).toString()}`);
    }),
  );
}

/** The notice /gaps shows for ?picked=LABEL: worded here, never taken from the address. */
export function pickedNotice(
  index: Parameters<typeof feedbackLabels>[0],
  picked: string | null,
): { text: string; kind: 'ok' } | undefined {
  if (picked === null) return undefined;
  const label = resolveFeedbackLabel(feedbackLabels(index), picked);
  if (label === undefined) return undefined;
  return { text: label ? feedbackRecorded(label.title) : FEEDBACK_NONE_RECORDED, kind: 'ok' };
}
