#!/usr/bin/env node
// The `tartine` command: dispatches to the compiled command modules under dist/. Each module exports
// `main(argv: string[])`, which may return (a promise of) an exit code.
// To add a command, add one line to `commands`.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

/** name → [module under dist/, one-line summary] */
const commands = {
  start: ['exo-server/src/start.js', 'start exo-server with the web desktop (what `npm start` runs)'],
  exo: ['exo-server/src/main.js', 'run exo-server, the host Wayland compositor (`tartine exo --help`)'],
  sommelier: ['sommelier/src/main.js', 'run the guest proxy compositor (tartine sommelier --help)'],
  run: ['exo-server/src/cli/run.js', 'launch an app into the running desktop (tartine run -- APP)'],
  vmc: ['daemons/src/cli/vmc.js', 'manage guests: create, start, stop, export... (tartine vmc --help)'],
  vsh: ['daemons/src/cli/vsh.js', 'open a shell in a guest, or run a command there (tartine vsh --help)'],
  concierge: [
    'daemons/src/concierge/concierge-main.js',
    'the host daemon for guests (started by vmc and vsh)',
  ],
  garcon: [
    'daemons/src/garcon/garcon-main.js',
    'the agent inside a guest (garcon --url URL opens URL on the desktop)',
  ],
};

function usage(out = process.stdout) {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  out.write('Usage: tartine <command> [arguments]\n\nCommands:\n');
  for (const [name, [, summary]] of Object.entries(commands))
    out.write(`  ${name.padEnd(width)}  ${summary}\n`);
  out.write("\nRun `tartine <command> --help` for a command's own options.\n");
}

async function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    usage(name === undefined ? process.stderr : process.stdout);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    console.log(pkg.version);
    return 0;
  }
  if (!Object.hasOwn(commands, name)) {
    process.stderr.write(`tartine: unknown command '${name}'\n\n`);
    usage(process.stderr);
    return 2;
  }
  if (!fs.existsSync(dist)) {
    console.error(
      'tartine: dist/ not found: the project is not built. Run `npm run build` (or `npm start`).',
    );
    return 1;
  }
  const file = path.join(dist, commands[name][0]);
  if (!fs.existsSync(file)) {
    console.error(
      `tartine: '${name}' is not built (dist/${commands[name][0]} is missing). Run \`npm run build\`.`,
    );
    return 1;
  }
  const mod = await import(pathToFileURL(file).href);
  if (typeof mod.main !== 'function') {
    console.error(`tartine: dist/${commands[name][0]} does not export main(argv)`);
    return 1;
  }
  const code = await mod.main(rest);
  return typeof code === 'number' ? code : undefined;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
