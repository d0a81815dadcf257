import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import net from 'node:net';

export const ROOT = path.join(__dirname, '..', '..');
export const MAIN = path.join(ROOT, 'server', 'dist', 'main.js');

/** A built Jifen process (`server/dist/main.js`) whose output the test reads line by line. */
export class JifenProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    collectLines(this.child.stdout!, this.stdout);
    collectLines(this.child.stderr!, this.stderr);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Waits until a line of stdout matches; fails early when the process dies. */
  async waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const start = Date.now();
    for (;;) {
      const hit = this.stdout.find((l) => pattern.test(l));
      if (hit) return hit;
      if (this.child.exitCode !== null)
        throw new Error(`process exited ${this.child.exitCode}: ${this.stderr.join('\n')}`);
      if (Date.now() - start > timeoutMs)
        throw new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${this.stdout.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * SIGTERM, as an orchestrator stops a container. Nest closes the app, then re-raises the
   * signal, so a clean stop ends by SIGTERM rather than with code 0.
   */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  /** SIGKILL: the process dies at once, mid-job, with nothing cleaned up (a crash, an OOM kill). */
  async kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }
}

function collectLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    into.push(...parts);
  });
  stream.on('end', () => {
    if (partial) into.push(partial);
  });
}

/** A port nobody listens on now (chosen by the system, unlike a fixed range another run may hold). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
