import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkConfig, CONFIG_FILE, type GuestConfig } from './guest-config.js';
import { GuestError, GuestErrorCode } from './guest-error.js';

/**
 * Guest export files: a gzipped tar of the guest's folder (`guest.json` and `root/`), with
 * numeric owners. Import checks the listing before extracting anything, extracts into a hidden
 * folder beside the guests and renames it into place only when everything checked out, so a bad
 * file leaves nothing behind.
 */

/** Folders and files of a guest's folder that belong in an export. */
const EXPORTED = [CONFIG_FILE, 'root'];

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export async function exportGuestDir(dir: string, file: string): Promise<void> {
  const tmp = `${file}.partial-${process.pid}`;
  const r = await run('tar', [
    '--create',
    '--gzip',
    '--numeric-owner',
    '--file',
    tmp,
    '--directory',
    dir,
    ...EXPORTED,
  ]);
  if (r.code !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new GuestError(
      GuestErrorCode.badPath,
      `cannot write ${file}: ${r.stderr.trim() || `tar exited ${r.code}`}`,
    );
  }
  fs.renameSync(tmp, file);
}

/** Checks an archive listing (`tar -tv`): only files, folders and links, all inside the guest's folder. */
export function checkListing(listing: string, file: string): void {
  const bad = (why: string): never => {
    throw new GuestError(
      GuestErrorCode.badArchive,
      `${file} is not a Tartine guest export (${why}); nothing was imported. Make one with: vmc export NAME FILE`,
    );
  };
  let sawConfig = false;
  let sawRoot = false;
  for (const line of listing.split('\n')) {
    if (!line) continue;
    const type = line[0];
    if (!type || !'-dlh'.includes(type))
      bad(`it holds a device, fifo or other special file: ${line.slice(0, 120)}`);
    // `tar -tv`: mode owner size date time name[ -> target | link to target]
    const m = /^\S+\s+\S+\s+\d+\s+\S+\s+\S+\s+(.*)$/.exec(line);
    if (!m) return bad(`unreadable listing line: ${line.slice(0, 120)}`);
    const name = m[1]!.replace(/ (->|link to) .*$/, '').replace(/^\.\//, '');
    if (name.startsWith('/') || name.split('/').includes('..'))
      bad(`an entry leaves the guest's folder: ${name.slice(0, 120)}`);
    const top = name.split('/')[0];
    if (top === CONFIG_FILE) sawConfig = true;
    else if (top === 'root') sawRoot = true;
    else bad(`unexpected entry ${name.slice(0, 120)}`);
  }
  if (!sawConfig) bad(`no ${CONFIG_FILE}`);
  if (!sawRoot) bad('no root/ folder');
}

/**
 * Extracts a checked export into `target` (which must not exist); returns its config, already
 * cleaned for this host (no shares: those are granted on this host only, by explicit request).
 */
export async function importGuestDir(file: string, target: string): Promise<GuestConfig> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new GuestError(
      GuestErrorCode.badPath,
      `${file} does not exist; give the path of a file made by vmc export`,
    );
  }
  if (!st.isFile())
    throw new GuestError(
      GuestErrorCode.badPath,
      `${file} is not a file; give the path of a file made by vmc export`,
    );
  const list = await run('tar', ['--list', '--verbose', '--gzip', '--numeric-owner', '--file', file]);
  if (list.code !== 0)
    throw new GuestError(
      GuestErrorCode.badArchive,
      `${file} is not a gzipped tar or is damaged (${list.stderr.trim().split('\n')[0] ?? `tar exited ${list.code}`}); nothing was imported`,
    );
  checkListing(list.stdout, file);
  const tmp = path.join(
    path.dirname(target),
    `.import-${path.basename(target)}-${process.pid}-${Date.now()}`,
  );
  fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
  try {
    const r = await run('tar', [
      '--extract',
      '--gzip',
      '--no-same-owner',
      '--file',
      file,
      '--directory',
      tmp,
    ]);
    if (r.code !== 0)
      throw new GuestError(
        GuestErrorCode.badArchive,
        `${file} could not be extracted (${r.stderr.trim().split('\n')[0] ?? `tar exited ${r.code}`}); nothing was imported`,
      );
    const config = checkConfig(
      JSON.parse(fs.readFileSync(path.join(tmp, CONFIG_FILE), 'utf8')),
      `${file}:${CONFIG_FILE}`,
    );
    for (const d of ['root/etc', 'root/var', `root/home/${config.user}`]) {
      if (!fs.lstatSync(path.join(tmp, d), { throwIfNoEntry: false })?.isDirectory())
        throw new GuestError(GuestErrorCode.badArchive, `${file} has no ${d}/ folder; nothing was imported`);
    }
    config.shares = [];
    fs.renameSync(tmp, target);
    return config;
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (e instanceof SyntaxError)
      throw new GuestError(
        GuestErrorCode.badArchive,
        `${file}: ${CONFIG_FILE} is not JSON; nothing was imported`,
      );
    throw e;
  }
}
