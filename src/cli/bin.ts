import { processIo } from './io.js';
import { runCli } from './main.js';

// Settings may live in a .env file beside the project; real environment variables win.
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment alone decides.
}

runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
