#!/usr/bin/env node
// Runs the benchmarks: every compiled module dist/bench/*.bench.js (from bench/*.bench.ts), one after
// the other, each exporting `run(): Promise<BenchResult[]>` (see bench/bench-api.ts). Prints a table
// with the ratio of each result to its anchor measured in the same run, and writes everything to
// bench/results/latest.json. Expects a built tree (`npm run bench` runs scripts/setup.mjs first).
//
// Usage: node bench/run.mjs [SUBSTRING...]   only the modules whose name contains a substring
// Environment: TARTINE_BENCH_SECONDS=N       seconds per timed measurement (each module has a default)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distBench = path.join(root, 'dist', 'bench');
const resultsFile = path.join(root, 'bench', 'results', 'latest.json');

/** Compiled bench modules whose TypeScript source still exists, in name order. */
function findModules(filters) {
  let names = [];
  try {
    names = fs.readdirSync(distBench).filter((f) => f.endsWith('.bench.js'));
  } catch {
    // not built
  }
  return names
    .map((f) => f.replace(/\.bench\.js$/, ''))
    .filter((name) => fs.existsSync(path.join(root, 'bench', `${name}.bench.ts`)))
    .filter((name) => filters.length === 0 || filters.some((s) => name.includes(s)))
    .sort();
}

function fmt(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

function printTable(rows) {
  const table = rows.map((r) => [
    r.module,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.anchor ? `${fmt(r.anchor.value)} ${r.unit} (${r.anchor.name})` : '',
    r.ratio !== undefined ? `${fmt(r.ratio)}x` : '',
    r.target ? `${r.met ? 'ok' : 'MISSED'} ${r.target}` : '',
  ]);
  const head = ['module', 'measure', 'value', 'anchor', 'ratio', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of table) console.log(line(row));
  const notes = rows.filter((r) => r.note);
  if (notes.length > 0) {
    console.log('');
    for (const r of notes) console.log(`  ${r.name}: ${r.note}`);
  }
}

async function main(filters) {
  const modules = findModules(filters);
  if (modules.length === 0) {
    console.error(
      `bench: no benchmark module found in ${path.relative(root, distBench)} (run \`npm run build\`)`,
    );
    return 1;
  }
  const started = Date.now();
  const rows = [];
  const failures = [];
  for (const name of modules) {
    const t0 = Date.now();
    process.stdout.write(`bench: ${name} ... `);
    try {
      const mod = await import(pathToFileURL(path.join(distBench, `${name}.bench.js`)).href);
      const results = await mod.run();
      for (const r of results) rows.push({ module: name, ...r });
      console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      console.log('failed');
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      failures.push({ module: name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  console.log('');
  printTable(rows);

  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    loadAverage: os.loadavg(),
    seconds: (Date.now() - started) / 1000,
    results: rows,
    failures,
  };
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nbench: wrote ${path.relative(root, resultsFile)} (${report.seconds.toFixed(1)} s)`);
  return failures.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
