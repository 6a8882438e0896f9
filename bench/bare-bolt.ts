import { App, ExpressReceiver, LogLevel } from '@slack/bolt';

// The baseline for bench:slack: a Bolt app on the same version and receiver (Express) that does
// nothing but acknowledge /xerofix. Whatever xerofix costs on top of this is ours.
const port = Number(process.env.PORT);
const receiver = new ExpressReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET as string,
  logLevel: LogLevel.ERROR,
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/xerofix', async ({ ack }) => {
  await ack();
});
await app.start(port);
console.log('bare bolt ready');
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
