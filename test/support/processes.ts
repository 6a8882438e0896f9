import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A child process that has said it is ready, and how to stop it. */
export interface Child {
  readonly url: string;
  /** The process id (benchmarks read its CPU time). */
  readonly pid: number;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** SIGTERM and wait: a graceful shutdown. */
  stop(): Promise<void>;
  /** SIGKILL and wait: a crash. */
  kill(): Promise<void>;
}

/** Starts `node script` and waits until it writes `readyText` (stdout or stderr). */
export async function startChild(
  script: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  readyText: string,
  nodeArgs: string[] = [],
): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let ready: () => void = () => {};
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes(readyText)) ready();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  await new Promise<void>((resolve, reject) => {
    ready = resolve;
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${script} did not start:\n${output.slice(-2000)}`)), 20_000).unref();
  });
  const signal = (name: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(name);
    });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    output: () => output,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
