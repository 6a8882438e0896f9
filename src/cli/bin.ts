import { processIo } from './io.js';
import { runCli } from './main.js';

// Settings may live in a .env file beside the project; real environment variables win.
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment alone decides.
}

// `xerofix kb list | head`: once the reader has gone, the rest of the output has nowhere to go;
// stop quietly, as other command-line tools do, instead of an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });

runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
