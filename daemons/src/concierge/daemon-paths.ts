import * as path from 'node:path';
import { runtimeDir } from '../../../vmm/src/state-dir.js';

/** The host daemons' sockets and files, all under $XDG_RUNTIME_DIR/tartine/. */
export const DaemonPaths = {
  concierge: (env?: NodeJS.ProcessEnv): string => path.join(runtimeDir(env), 'concierge.sock'),
  cicerone: (env?: NodeJS.ProcessEnv): string => path.join(runtimeDir(env), 'cicerone.sock'),
  /** Holds the running daemon's pid: one concierge per runtime folder. */
  pidFile: (env?: NodeJS.ProcessEnv): string => path.join(runtimeDir(env), 'concierge.pid'),
  log: (env?: NodeJS.ProcessEnv): string => path.join(runtimeDir(env), 'concierge.log'),
};
