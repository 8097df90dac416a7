import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/**
 * Runs wlcs (the Wayland conformance suite, Debian package `wlcs`) with an integration module
 * and collects one result per test. wlcs aborts the whole run when a protocol error escapes a
 * test, so the suite is run again on the tests that have not run yet until all have.
 */

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  name: string;
  outcome: Outcome;
  /** Why it failed or was skipped: wlcs's output for the test, trimmed. */
  detail: string;
  ms: number;
}

/** The wlcs test runner installed by the Debian package. */
export function wlcsBinary(): string {
  const lib = '/usr/lib';
  const found = fs
    .readdirSync(lib)
    .map((d) => path.join(lib, d, 'wlcs', 'wlcs'))
    .find((p) => fs.existsSync(p));
  if (!found) throw new Error('wlcs is not installed (apt-get install wlcs; `npm run conformance` does it)');
  return found;
}

/** The areas tests are counted in, by test name (suite prefix); the first match wins. */
const AREAS: Array<[RegExp, string]> = [
  [
    /^(SelfTest|BadBufferTest|SecondBadBufferTest|ClientSurfaceEventsTest|FrameSubmission|WlOutputTest)\./,
    'core',
  ],
  [/(SurfaceInputCombinations|ToplevelInputCombinations)\./, 'input regions'],
  [/^WlShellSubsurfaces\//, 'wl_shell'],
  [
    /^(XdgShellV6Subsurfaces|TouchInputSubsurfaces)\/|xdg_shell_unstable_v6_|^(XdgSurfaceV6Test|XdgToplevelV6\w*|XdgPopupUnstableV6\/\w+)\./,
    'xdg-shell v6',
  ],
  [/Subsurface(Multilevel)?Test\./, 'subsurface'],
  [/(^|\/)Layer|layer_shell_/, 'layer shell'],
  [
    /xdg_shell_stable_|^(XdgSurfaceStableTest|XdgToplevelStable\w*|XdgPopupStable\/\w+|XdgPopupTest)\./,
    'xdg-shell stable',
  ],
  [/SurfacePointerMotionTest\./, 'pointer'],
  [/TouchTest\./, 'touch'],
  [/^CopyCutPaste\./, 'data device'],
  [/^(PrimarySelection|GtkPrimarySelection)\./, 'primary selection'],
];

/** Table order; the first eight are the areas the conformance target is about. */
export const AREA_ORDER = [
  'core',
  'input regions',
  'xdg-shell stable',
  'subsurface',
  'pointer',
  'touch',
  'data device',
  'primary selection',
  'xdg-shell v6',
  'wl_shell',
  'layer shell',
  'others',
];
export const HEADLINE_AREAS = AREA_ORDER.slice(0, 8);

/**
 * wlcs 1.5.0 instantiates these input-region tests over (wl_shell, xdg-shell v6, xdg-shell
 * stable, subsurfaces...) × (pointer, touch), in that order: the parameter index, modulo the
 * number of combinations, tells which shell a test needs (confirmed by exo's skip reasons).
 */
const SHELL_BY_INDEX: Array<[RegExp, number]> = [
  [/^(DefaultEdges|MultiRectEdges)\/RegionSurfaceInputCombinations\./, 12],
  [/^SurfaceInputRegions\/SurfaceInputCombinations\./, 12],
  [/^ToplevelInputRegions\/ToplevelInputCombinations\./, 6],
];

function legacyShellOf(test: string): string | null {
  for (const [re, period] of SHELL_BY_INDEX) {
    const m = re.test(test) ? /\/(\d+)$/.exec(test) : null;
    if (!m) continue;
    const i = Number(m[1]) % period;
    return i < 2 ? 'wl_shell' : i < 4 ? 'xdg-shell v6' : null;
  }
  if (/TouchTest\.\w+\/wl_shell/.test(test)) return 'wl_shell';
  if (/TouchTest\.\w+\/zxdg_/.test(test)) return 'xdg-shell v6';
  return null;
}

export function areaOf(test: string): string {
  const legacy = legacyShellOf(test);
  if (legacy) return legacy;
  for (const [re, area] of AREAS) if (re.test(test)) return area;
  return 'others';
}

/** Test names (Suite.test, with parameter prefixes and suffixes) that `filter` selects. */
export function listTests(module: string, filter = '*'): string[] {
  const r = spawnSync(wlcsBinary(), [module, '--gtest_list_tests', `--gtest_filter=${filter}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`wlcs --gtest_list_tests failed:\n${r.stdout}${r.stderr}`);
  const out: string[] = [];
  let suite = '';
  for (const line of r.stdout.split('\n')) {
    if (/^\S/.test(line) && line.trim().endsWith('.')) suite = line.trim();
    else if (/^ {2}\S/.test(line) && suite && !line.includes('DISABLED_'))
      out.push(suite + line.trim().split(/\s+/)[0]);
  }
  return out;
}

export interface RunOptions {
  module: string;
  tests: string[];
  /** Extra environment for wlcs and the compositor it starts. */
  env?: Record<string, string>;
  /** A test that prints nothing for this long is killed (with wlcs) and counted as failed. */
  testTimeoutMs?: number;
  onResult?: (r: TestResult) => void;
  /** Where wlcs's stderr (and the compositor's) goes; default: discarded. */
  stderr?: fs.WriteStream;
}

/** Longest --gtest_filter argument (Linux caps one argument at 128 KiB). */
const MAX_FILTER = 100_000;

/** Runs `tests` (all of them, whatever crashes) and returns their results in the given order. */
export async function runTests(opts: RunOptions): Promise<TestResult[]> {
  const results = new Map<string, TestResult>();
  const runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartine-wlcs-'));
  try {
    await runAll(opts, opts.tests, runtimeDir, results);
    // A compositor that could not start (dist/ rebuilt during the run, say) fails tests that
    // have nothing to do with it: give those one more chance.
    const retry = opts.tests.filter(
      (t) => results.get(t)!.outcome === 'failed' && NOT_STARTED.test(results.get(t)!.detail),
    );
    for (const t of retry) results.delete(t);
    if (retry.length > 0) await runAll(opts, retry, runtimeDir, results);
  } finally {
    fs.rmSync(runtimeDir, { recursive: true, force: true });
  }
  return opts.tests.map((t) => results.get(t)!);
}

/** What wlcs says when the integration could not start the compositor (or aborted for it). */
const NOT_STARTED = /Failed to get client socket from server|killed by SIGABRT/;

/** Runs wlcs again and again on the tests that have not run yet, until all have. */
async function runAll(
  opts: RunOptions,
  tests: string[],
  runtimeDir: string,
  results: Map<string, TestResult>,
) {
  let remaining = tests;
  while (remaining.length > 0) {
    const batch: string[] = [];
    let len = 0;
    for (const t of remaining) {
      if (len + t.length + 1 > MAX_FILTER) break;
      batch.push(t);
      len += t.length + 1;
    }
    const before = results.size;
    await runBatch(opts, batch, runtimeDir, results);
    remaining = remaining.filter((t) => !results.has(t));
    if (results.size === before) {
      // wlcs ran nothing at all: report the rest instead of looping.
      for (const t of remaining) record(opts, results, t, 'failed', 'wlcs did not run this test', 0);
      return;
    }
  }
}

function record(
  opts: RunOptions,
  results: Map<string, TestResult>,
  name: string,
  outcome: Outcome,
  detail: string,
  ms: number,
) {
  const r: TestResult = { name, outcome, detail, ms };
  results.set(name, r);
  opts.onResult?.(r);
}

/** One wlcs process over `batch`; a crash ends it early, leaving later tests unrun. */
function runBatch(
  opts: RunOptions,
  batch: string[],
  runtimeDir: string,
  results: Map<string, TestResult>,
): Promise<void> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    XDG_RUNTIME_DIR: runtimeDir,
    ...opts.env,
  };
  delete env['WAYLAND_DISPLAY'];
  const child = spawn(wlcsBinary(), [opts.module, `--gtest_filter=${batch.join(':')}`, '--gtest_color=no'], {
    env,
    stdio: ['ignore', 'pipe', opts.stderr ? 'pipe' : 'ignore'],
  });
  if (opts.stderr) child.stderr!.pipe(opts.stderr, { end: false });
  const wanted = new Set(batch);
  let current: string | null = null;
  let started = Date.now();
  let output: string[] = [];
  let timedOut = false;
  const timeoutMs = opts.testTimeoutMs ?? 60_000;
  const watchdog = setInterval(() => {
    if (current && Date.now() - started > timeoutMs) {
      timedOut = true;
      child.kill('SIGKILL');
    }
  }, 1000);
  const lines = readline.createInterface({ input: child.stdout! });
  lines.on('line', (raw) => {
    // termcolor's escapes, should wlcs colour its output anyway.
    const line = raw
      .split('\u001b')
      .join('')
      .replace(/\[[0-9;]*m/g, '');
    const m = /^\[ *(RUN|OK|FAILED|SKIP) *\] (\S+?)(?:,| \(|$)/.exec(line);
    if (m && m[1] === 'RUN' && wanted.has(m[2]!)) {
      current = m[2]!;
      started = Date.now();
      output = [];
    } else if (m && current && m[2] === current) {
      const outcome: Outcome = m[1] === 'OK' ? 'passed' : m[1] === 'SKIP' ? 'skipped' : 'failed';
      record(opts, results, current, outcome, summarize(output), Date.now() - started);
      current = null;
    } else if (current) {
      output.push(line);
    }
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(watchdog);
      if (current) {
        const why = timedOut
          ? `timed out after ${timeoutMs / 1000} s`
          : `wlcs ${signal ? `was killed by ${signal}` : `exited with ${code}`} during this test`;
        record(opts, results, current, 'failed', summarize([...output, why]), Date.now() - started);
      }
      resolve();
    });
  });
}

/** The lines that say why: wlcs's failure messages, without gmock's long "uninteresting call" notes. */
function summarize(lines: string[]): string {
  const keep = lines.filter(
    (l) =>
      l.trim() !== '' &&
      !/^(GMOCK WARNING|Uninteresting mock|NOTE: You can safely|Stack trace|Function call:)/.test(l),
  );
  return keep.slice(0, 12).join('\n');
}

/** Counts per area: { area: { passed, failed, skipped } }. */
export function tally(results: TestResult[]): Map<string, Record<Outcome, number>> {
  const out = new Map<string, Record<Outcome, number>>();
  for (const area of AREA_ORDER) out.set(area, { passed: 0, failed: 0, skipped: 0 });
  for (const r of results) out.get(areaOf(r.name))![r.outcome]++;
  return out;
}
