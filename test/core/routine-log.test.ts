import { describe, expect, it } from 'vitest';
import { withoutRoutineLogLines } from '../../src/core/routine-log.js';
import { shippedMatcher } from '../support/knowledge.js';

const PAYLOAD = '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';

/** What is left to read: the lines with anything on them. */
const kept = (text: string) =>
  withoutRoutineLogLines(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const screen = (paste: string) =>
  [
    '2026-03-04T10:15:22+00:00 INFO Order #10452 created via checkout (3 items)',
    '[2026-03-04 10:15:23] production.DEBUG: Cache warmed',
    '203.0.113.9 - - [04/Mar/2026:10:15:24 +0000] "GET /wp-cron.php HTTP/1.1" 200 512 "https://shop.example.com/" "curl/8.5.0"',
    `2026-03-04T10:15:25+00:00 ERROR Sending order #10452 failed: ${paste}`,
    'I, [2026-03-04T10:15:26.204518 #88]  INFO -- : Completed 200 OK in 12ms',
    '{"level":30,"time":1772621003114,"msg":"job finished","rows":1312}',
    'info: Shop.Workers.Export[0]',
    '      Export cycle finished',
  ].join('\n');

describe('withoutRoutineLogLines', () => {
  it('keeps only the line that failed of a screen of routine log lines', () => {
    expect(kept(screen(PAYLOAD))).toEqual([
      `2026-03-04T10:15:25+00:00 ERROR Sending order #10452 failed: ${PAYLOAD}`,
    ]);
  });

  it('keeps the text the same length, so nothing else in the paste moves', () => {
    const log = screen(PAYLOAD);
    expect(withoutRoutineLogLines(log)).toHaveLength(log.length);
  });

  it('keeps routine-filed lines that say what went wrong or whose error it is', () => {
    const lines = [
      '2026-03-04 10:00:00 INFO Xero token refreshed, expires in 1800 s',
      '2026-03-04 10:00:01 INFO GET https://sandbox-quickbooks.api.intuit.com/v3/company/1 started',
      '2026-03-04 10:00:02 INFO 15 Sync.MainForm [0] - Google.Apis.Requests.RequestError',
      '2026-03-04 10:00:03 DEBUG Receiving response: {"status":"401","body":"Unauthorized"}',
      '2020-06-10T00:20:06:       at TLSSocket.socketCloseListener (_http_client.js:400:25)',
      "2020-06-10T00:20:06:     code: 'ECONNRESET'",
      '2026-03-04 10:00:04 INFO Xero answered 503 Service Unavailable',
      '2026-03-04 10:00:05 INFO Job started',
    ];
    expect(kept(lines.join('\n'))).toEqual(lines.slice(0, -1));
  });

  it('blanks routine lines whatever the log prints beside them: objects, local addresses, sizes, tables', () => {
    const routine = [
      '[2026-03-07 10:00:20] production.INFO: Order created {"order":10488,"total":"112.00","lines":3}',
      '[2026-03-07 10:01:30] production.INFO: Webhook acknowledged {"status":200,"ms":31}',
      'info: Microsoft.Hosting.Lifetime[14]',
      '      Now listening on: http://[::]:8080',
      'info: Microsoft.AspNetCore.Hosting.Diagnostics[2]',
      '      Request finished HTTP/1.1 GET http://api.example.com/api/orders/10472 - 200 - application/json 14.2ms',
      '2026-03-08 06:00:03,640 - reports.render - INFO - Wrote /srv/reports/weekly-sales.pdf (412 KB)',
      '  2026-03-05 14:20:07 App\\Jobs\\SendShippedNotification ........ 188.40ms DONE',
      'LAST SEEN   TYPE     REASON      OBJECT              MESSAGE',
      '2m14s       Normal   Scheduled   pod/shop-web-6d8f   Successfully assigned shop/shop-web-6d8f to node-a-3',
    ];
    const failed = '2026-03-08 06:00:04 ERROR Xero answered 401 Unauthorized';
    expect(kept([...routine, failed].join('\n'))).toEqual([failed]);
  });

  it('keeps routine-filed lines whose logged object, request or address says something went wrong', () => {
    const lines = [
      '[2026-03-07 10:01:30] production.INFO: Response received {"status":429,"ms":31}',
      '203.0.113.9 - - [04/Mar/2026:10:15:24 +0000] "POST /xero/callback HTTP/1.1" 401 512 "-" "curl/8.5.0"',
      '      Request finished HTTP/1.1 GET http://shop.example.com/api/orders - 403 - text/plain 2.1ms',
      '2026-03-09 05:00:08,502 - feed.images - INFO - Downloading image from https://cdn.example.net/hc/0412.jpg',
    ];
    expect(kept([...lines, '2026-03-09 05:00:09 INFO Job started'].join('\n'))).toEqual(
      lines.map((l) => l.trim()),
    );
  });

  it('leaves a paste of nothing but routine lines, and a one-line paste, as they are', () => {
    const routine = '2026-03-04 10:00:05 INFO Job started\n2026-03-04 10:00:06 INFO Job finished';
    expect(withoutRoutineLogLines(routine)).toBe(routine);
    expect(withoutRoutineLogLines('2026-03-04 10:00:05 INFO Job started')).toBe(
      '2026-03-04 10:00:05 INFO Job started',
    );
  });
});

describe('an error pasted with the log around it', () => {
  const matcher = shippedMatcher();

  it("declines another service's error whose log names that service only in a routine line", () => {
    const log = [
      '2026-03-04 10:00:00 INFO Pushing 3 invoices to QuickBooks',
      '2026-03-04 10:00:01 ERROR Request failed: 401 Unauthorized',
    ].join('\n');
    const d = matcher.diagnose(log);
    expect(d.entry).toBeNull();
    expect(d.kind === 'abstain' && d.otherProviders).toContain('QuickBooks Online');
  });

  it("does not take .NET's own loggers (Microsoft.Hosting.Lifetime) for Microsoft's sign-in", () => {
    const log = [
      'info: Microsoft.Hosting.Lifetime[0]',
      '      Application started. Press Ctrl+C to shut down.',
      `fail: Shop.Sync.XeroPush[0]`,
      `      ${PAYLOAD}`,
    ].join('\n');
    const d = matcher.diagnose(log);
    expect(d.entry).toBe('xero-401-unauthorized');
  });

  it('answers a 401 inside a screen of routine lines with the reconnect steps, as it answers the line', () => {
    const line = `2026-03-04T10:15:25+00:00 ERROR Sending order #10452 failed: ${PAYLOAD}`;
    const alone = matcher.diagnose(line);
    const inLog = matcher.diagnose(screen(PAYLOAD));
    expect(alone.entry).toBe('xero-401-unauthorized');
    expect(inLog.entry).toBe('xero-401-unauthorized');
    expect(inLog.confidence).toBeCloseTo(alone.confidence, 2);
  });
});
