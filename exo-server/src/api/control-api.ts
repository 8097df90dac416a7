import type { HeadlessBackend } from '../backend/headless.js';
import type { Exo } from '../exo.js';

export interface ControlApi {
  /** Base URL of the API, e.g. http://127.0.0.1:PORT/api */
  api: string;
  /** URL of the desktop page (carries the token once). */
  url: string;
  token: string;
  close(): Promise<void>;
}

/** Starts the HTTP control API on `host:port` (0 = any free port). */
export async function startControlApi(
  _exo: Exo,
  _backend: HeadlessBackend,
  _opts: { host: string; port: number },
): Promise<ControlApi> {
  return { api: '', url: '', token: '', close: async () => {} };
}
