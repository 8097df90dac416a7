#!/usr/bin/env node
// `vmc`: the same as `tartine vmc` (guests: create, start, stop, export...).
process.argv.splice(2, 0, 'vmc');
await import('./tartine.js');
