#!/usr/bin/env node
// Makes a Debian 12 machine that has only Node.js 20 ready to run Tartine, then returns:
//   1. Debian packages (scripts/debian-packages.mjs) — installed when missing (needs root);
//   2. npm packages — `npm ci` when node_modules is missing or older than package-lock.json;
//   3. build — `tsc -p tsconfig.json` (incremental) when a .ts file or tsconfig.json is newer than the last
//      successful build (dist/.build-ok: tsc rewrites dist/.tsbuildinfo even when it fails).
// Every step is skipped when already satisfied, so a run with nothing to do takes a fraction of a second.
// Plain Node with no npm dependencies: it runs before `npm ci`.
//
// Usage: node scripts/setup.mjs [--no-apt] [--no-build]
//   --no-apt     skip the Debian packages step
//   --no-build   skip the build step (scripts/gen.mjs compiles only the scanner)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { debianPackages } from './debian-packages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APT_LISTS = '/var/lib/apt/lists';
const APT_LISTS_MAX_AGE_MS = 24 * 3600 * 1000;

function say(msg) {
  console.log(`setup: ${msg}`);
}

function fail(msg, code = 1) {
  console.error(`setup: ${msg}`);
  process.exit(code);
}

function seconds(startMs) {
  return `${((Date.now() - startMs) / 1000).toFixed(1)} s`;
}

/** Runs a command, capturing its output; returns {status, output}. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.error) return { status: -1, output: `${cmd}: ${r.error.message}\n`, error: r.error };
  return { status: r.status ?? 1, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

// ---------------------------------------------------------------------------------------------------------
// 1. Debian packages

function missingDebianPackages() {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${Status}\n', ...debianPackages], {
    encoding: 'utf8',
  });
  if (r.error) return null; // no dpkg: not a Debian system
  // dpkg-query exits 1 when some package is unknown to dpkg; the known ones are still on stdout.
  const installed = new Set();
  for (const line of (r.stdout ?? '').split('\n')) {
    const [name, , , status] = line.trim().split(/\s+/);
    // Status is "<want> <error> <status>": "install ok installed", "deinstall ok config-files", ...
    if (name && status === 'installed') installed.add(name.replace(/:.*$/, ''));
  }
  return debianPackages.filter((p) => !installed.has(p));
}

function aptListsLookStale() {
  let newest = -1;
  let hasPackages = false;
  let names;
  try {
    names = fs.readdirSync(APT_LISTS);
  } catch {
    return true;
  }
  for (const name of names) {
    if (/_Packages(\.[a-z0-9]+)?$/.test(name)) hasPackages = true;
    if (/(InRelease|_Release)$/.test(name)) newest = Math.max(newest, mtimeMs(path.join(APT_LISTS, name)));
  }
  return !hasPackages || Date.now() - newest > APT_LISTS_MAX_AGE_MS;
}

// Output of a failed `apt-get install` that an `apt-get update` may cure.
const STALE_LISTS_RE =
  /Unable to locate package|has no installation candidate|Failed to fetch|Unable to fetch/;

function aptGet(args) {
  return run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
    cwd: '/',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function aptUpdate(why) {
  say(`apt-get update (${why})`);
  const r = aptGet(['update']);
  if (r.status !== 0) {
    process.stderr.write(r.output);
    fail(`apt-get update failed (exit ${r.status})`);
  }
}

function stepDebian() {
  const missing = missingDebianPackages();
  if (missing === null) {
    say('dpkg-query not found (not Debian?): skipping the Debian packages step');
    return;
  }
  if (missing.length === 0) return;

  const installArgs = ['install', '-y', '--no-install-recommends', ...missing];
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.error(`setup: ${missing.length} Debian package(s) missing: ${missing.join(' ')}`);
    console.error('setup: installing them needs root. Run this, then run the command again:');
    console.error(`  sudo apt-get update && sudo apt-get ${installArgs.join(' ')}`);
    console.error('setup: (or pass --no-apt to skip this step)');
    process.exit(1);
  }

  const start = Date.now();
  say(`installing ${missing.length} Debian package(s), may take minutes: ${missing.join(' ')}`);
  let updated = false;
  if (aptListsLookStale()) {
    aptUpdate('package lists missing or older than a day');
    updated = true;
  }
  let r = aptGet(installArgs);
  if (r.status !== 0 && !updated && STALE_LISTS_RE.test(r.output)) {
    aptUpdate('apt-get install could not find or fetch a package');
    r = aptGet(installArgs);
  }
  if (r.status !== 0) {
    process.stderr.write(r.output);
    fail(`apt-get install failed (exit ${r.status})`);
  }
  const still = missingDebianPackages() ?? [];
  if (still.length > 0)
    fail(`apt-get install succeeded but these are still not installed: ${still.join(' ')}`);
  say(`Debian packages installed in ${seconds(start)}`);
}

// ---------------------------------------------------------------------------------------------------------
// 2. npm packages

function stepNpm() {
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  let reason = null;
  if (!fs.existsSync(path.join(root, 'node_modules'))) reason = 'node_modules is missing';
  else if (mtimeMs(marker) < 0) reason = 'node_modules was not installed by npm';
  else if (mtimeMs(lock) > mtimeMs(marker)) reason = 'package-lock.json changed';
  if (reason === null) return;

  const start = Date.now();
  say(`npm ci (${reason})`);
  // Never --omit=optional: koffi loads its native code from an optional platform package.
  const r = run('npm', ['ci', '--no-audit', '--no-fund']);
  if (r.status !== 0) {
    process.stderr.write(r.output);
    fail(`npm ci failed (exit ${r.status})`);
  }
  say(`npm packages installed in ${seconds(start)}`);
}

// ---------------------------------------------------------------------------------------------------------
// 3. Build

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git']);

/** Newest mtime among .ts files and the folders holding them (a deleted file changes its folder). */
function newestSource(dir, acc) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return acc;
  }
  let hasTs = false;
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) newestSource(p, acc);
    } else if (e.name.endsWith('.ts')) {
      hasTs = true;
      acc.count++;
      acc.newest = Math.max(acc.newest, mtimeMs(p));
    }
  }
  if (hasTs) acc.newest = Math.max(acc.newest, mtimeMs(dir));
  return acc;
}

function stepBuild() {
  const stamp = path.join(root, 'dist', '.build-ok');
  const src = newestSource(root, { newest: mtimeMs(path.join(root, 'tsconfig.json')), count: 0 });
  if (src.count === 0) {
    say('no .ts files yet: nothing to build');
    return;
  }
  const built = mtimeMs(stamp);
  if (built >= 0 && src.newest <= built) return;

  const start = Date.now();
  say(built < 0 ? 'building (tsc)' : 'rebuilding (tsc, sources changed)');
  // Sources edited while tsc runs must trigger the next build: stamp with the time the build started.
  const startedAt = new Date();
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  // The server (Node) and the desktop page (browser) are two TypeScript projects.
  for (const project of ['tsconfig.json', 'exo-server/web/tsconfig.json']) {
    const r = run(process.execPath, [tsc, '-p', project]);
    if (r.status !== 0) {
      process.stdout.write(r.output);
      fail(`build failed: tsc -p ${project} exited with ${r.status}`, r.status > 0 ? r.status : 1);
    }
  }
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, "tsc succeeded on the sources as of this file's mtime (see scripts/setup.mjs)\n");
  fs.utimesSync(stamp, startedAt, startedAt);
  say(`built in ${seconds(start)}`);
}

// ---------------------------------------------------------------------------------------------------------

function main(argv) {
  const usage = 'usage: node scripts/setup.mjs [--no-apt] [--no-build]';
  let apt = true;
  let build = true;
  for (const arg of argv) {
    if (arg === '--no-apt') apt = false;
    else if (arg === '--no-build') build = false;
    else if (arg === '-h' || arg === '--help') {
      console.log(
        `${usage}\n  --no-apt     skip the Debian packages step\n  --no-build   skip the build step`,
      );
      return;
    } else fail(`unknown argument: ${arg} (${usage})`, 2);
  }
  if (apt) stepDebian();
  stepNpm();
  if (build) stepBuild();
}

main(process.argv.slice(2));
