import { spawn } from 'node:child_process';
import type { ExoProcess } from '../test/harness/exo-fixture.js';
import { copy, type ClipboardJson } from '../test/integration/clipboard-fixture.js';
import type { Reader } from './clipboard-reader.js';

/**
 * End-to-end clipboard timings, as a user sees them and as the issue's anchor counts them:
 * from starting the copy to the paste's last byte, with the processes' start-up included.
 * - anchor: `wl-copy < payload`, then `wl-paste | wc -c` once the selection is offered (weston).
 * - host → guest: `curl -T - < payload` (PUT /api/clipboard), then `wl-paste | wc -c` in the guest.
 * - guest → host: `wl-copy < payload` in the guest, then `curl` GET /api/clipboard?mime=... once
 *   exo has read it (polled every 5 ms).
 * The host side is curl, as the guest side is wl-copy and wl-paste: small C programs fed and
 * drained the same way, so the benchmark process's own costs count alike on both sides.
 */

const TEXT = 'text/plain;charset=utf-8';

/** Copies `data` with wl-copy (which serves it until the next copy). */
export const wlCopy = async (env: NodeJS.ProcessEnv, data: Buffer): Promise<void> =>
  void copy(env, ['-t', TEXT], Buffer.from(data));

/** Runs `command` (with `input` on stdin); its output, stdout then stderr. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: Buffer): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', () => (clearTimeout(timer), resolve(text)));
    child.on('error', reject);
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

/** `wl-paste | wc -c` against `env`'s compositor; fails unless it counts `size` bytes. */
export async function wlPaste(env: NodeJS.ProcessEnv, size: number): Promise<void> {
  const out = await run('sh', ['-c', `wl-paste --no-newline -t '${TEXT}' | wc -c`], env);
  if (Number(out.trim()) !== size)
    throw new Error(`wl-paste gave ${out.trim().slice(0, 200)}, not ${size} bytes`);
}

/** curl against exo's API; its output (the `-w` format last). */
function curl(exo: ExoProcess, args: string[], input?: Buffer): Promise<string> {
  return run('curl', ['-sS', '-H', `Authorization: Bearer ${exo.token}`, ...args], process.env, input);
}

export async function anchorEndToEnd(reader: Reader, env: NodeJS.ProcessEnv, data: Buffer): Promise<number> {
  await reader.focus(); // weston's clients get focus only with weston's window focused in exo
  const start = performance.now();
  await reader.offered(() => wlCopy(env, data));
  await wlPaste(env, data.length);
  return performance.now() - start;
}

export async function hostToGuestEndToEnd(
  exo: ExoProcess,
  env: NodeJS.ProcessEnv,
  data: Buffer,
): Promise<number> {
  const start = performance.now();
  const url = `${exo.api}/clipboard`;
  const status = await curl(
    exo,
    ['-o', '/dev/null', '-w', '%{http_code}', '-T', '-', '-H', `Content-Type: ${TEXT}`, url],
    data,
  );
  if (status.trim() !== '200') throw new Error(`PUT answered ${status.slice(0, 200)}`);
  await wlPaste(env, data.length);
  return performance.now() - start;
}

export async function guestToHostEndToEnd(
  exo: ExoProcess,
  env: NodeJS.ProcessEnv,
  data: Buffer,
): Promise<number> {
  await exo.ok('DELETE', '/api/clipboard');
  const start = performance.now();
  await wlCopy(env, data);
  const deadline = start + 30_000;
  for (;;) {
    const j = (await exo.ok('GET', '/api/clipboard?text=0')).json as ClipboardJson;
    if (j.owner === 'guest' && j.sizes[TEXT] === data.length) break;
    if (performance.now() > deadline) throw new Error(`exo did not read the copy: ${JSON.stringify(j)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const url = `${exo.api}/clipboard?mime=${encodeURIComponent(TEXT)}`;
  const size = await curl(exo, ['-o', '/dev/null', '-w', '%{size_download}', url]);
  if (Number(size.trim()) !== data.length)
    throw new Error(`GET gave ${size.slice(0, 200)}, not ${data.length} bytes`);
  return performance.now() - start;
}
