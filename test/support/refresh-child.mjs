// A separate xerofix process that refreshes one owned connection and, the moment Xero has
// answered, tells its parent and waits to be killed — before the rotated tokens are stored.
// Runs the compiled code in dist/ (npm test builds it first).

import { silentLogger } from '../../dist/src/runtime/logger.js';
import { parseKeyRing } from '../../dist/src/secrets/key-ring.js';
import { openStore } from '../../dist/src/store/store.js';
import { createXeroNodeGateway } from '../../dist/src/xero/gateway.js';
import { TokenRefresher } from '../../dist/src/xero/token-refresher.js';

const [dbPath, key, fakeUrl, customer, clockOffset] = process.argv.slice(2);
const clock = () => Date.now() + Number(clockOffset);
const store = await openStore({
  location: { kind: 'sqlite', path: dbPath },
  keyRing: parseKeyRing(key),
  clock,
});
const gateway = createXeroNodeGateway({ identityUrl: fakeUrl, apiUrl: fakeUrl, timeoutMs: 2000 });
const refresher = new TokenRefresher({
  connections: store.connections,
  gateway,
  clock,
  log: silentLogger,
  afterXeroAnswered: () => {
    process.send?.('xero-answered');
    return new Promise(() => {});
  },
});
const connection = await store.connections.findByCustomer(customer);
await refresher.refresh(connection);
process.send?.('stored');
