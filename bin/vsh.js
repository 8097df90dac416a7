#!/usr/bin/env node
// `vsh`: the same as `tartine vsh` (a shell in a guest).
process.argv.splice(2, 0, 'vsh');
await import('./tartine.js');
