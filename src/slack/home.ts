import type { App } from '@slack/bolt';
import type { SlackDeps } from './deps.js';
import { homeView } from './home-view.js';

/** App Home: what the bot knows, what it could not answer, how answers were rated, connection health. */
export function registerHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const [gaps, votes, connections] = await Promise.all([
      deps.store.lookups.unmatched(10),
      deps.store.feedback.countsByEntry(),
      deps.store.connections.list(),
    ]);
    const health = { healthy: 0, broken: 0, unknown: 0 };
    for (const c of connections) health[c.health ?? 'unknown'] += 1;
    const view = homeView({
      entries: deps.desk.index.entries.map((e) => ({ id: e.id, title: e.title })),
      gaps: gaps.map((g) => ({ paste: g.paste, createdAt: g.createdAt, reason: g.reason })),
      votes,
      health,
    });
    await client.views.publish({ user_id: event.user, view });
  });
}
