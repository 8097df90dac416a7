import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The per-app settings file, `$TARTINE_CONFIG_DIR/app-settings.json` (default
 * `~/.config/tartine/app-settings.json`), shared by sommelier (which reads it) and exo's control
 * API (which writes it for the desktop page):
 *
 *   {"default": {"scale": 1},
 *    "apps": {"org.gnome.Calculator": {"scale": 1.5, "dpi": [96, 160]}, "foot": {"scale": 2}}}
 *
 * Apps are keyed by the guest's own app id (without the `GUEST:` tag the host sees), or by the
 * name of the app's executable; for X11 apps the key will be the WM_CLASS.
 */
export interface AppEntry {
  /** Guest logical pixel → host logical pixels, MIN_SCALE to MAX_SCALE. */
  scale?: number;
  /** DPI buckets to snap to for this app (X11 apps), ascending. */
  dpi?: number[];
}

export interface AppSettings {
  default: AppEntry;
  apps: Record<string, AppEntry>;
}

export const MIN_APP_SCALE = 0.1;
export const MAX_APP_SCALE = 10;
export const SETTINGS_FILE_NAME = 'app-settings.json';

export function emptySettings(): AppSettings {
  return { default: {}, apps: {} };
}

/** The directory the settings file lives in. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env['TARTINE_CONFIG_DIR'];
  if (dir) return path.resolve(dir);
  return path.join(env['HOME'] || os.homedir(), '.config', 'tartine');
}

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), SETTINGS_FILE_NAME);
}

/**
 * An app id (or executable name) usable as a key: 1 to 255 characters, no spaces or control
 * characters, no '/' or '\\', and no ':' (that would be the host's `GUEST:` tag).
 */
export function isAppKey(id: string): boolean {
  if (!/^[^\s/\\:]{1,255}$/.test(id)) return false;
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) < 0x20 || id.charCodeAt(i) === 0x7f) return false;
  return true;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one entry; throws an Error naming `where` and what is wrong. */
export function parseEntry(v: unknown, where: string): AppEntry {
  if (!isObject(v)) throw new Error(`${where}: expected an object like {"scale": 1.5}`);
  const out: AppEntry = {};
  for (const key of Object.keys(v))
    if (key !== 'scale' && key !== 'dpi')
      throw new Error(`${where}: unknown setting '${key.slice(0, 40)}' (known: scale, dpi)`);
  if (v['scale'] !== undefined) {
    const s = v['scale'];
    if (typeof s !== 'number' || !Number.isFinite(s) || s < MIN_APP_SCALE || s > MAX_APP_SCALE)
      throw new Error(
        `${where}.scale: expected a number from ${MIN_APP_SCALE} to ${MAX_APP_SCALE}, e.g. 1.5`,
      );
    out.scale = s;
  }
  if (v['dpi'] !== undefined) {
    const d = v['dpi'];
    if (
      !Array.isArray(d) ||
      d.some((n) => typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > 2000)
    )
      throw new Error(`${where}.dpi: expected a list of DPI values from 1 to 2000, e.g. [96, 160]`);
    out.dpi = [...(d as number[])].sort((a, b) => a - b);
  }
  return out;
}

/** Parses the file's text; throws an Error saying what is wrong (the caller names the file). */
export function parseSettings(text: string): AppSettings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(json)) throw new Error('expected an object like {"default": {"scale": 1}, "apps": {}}');
  for (const key of Object.keys(json))
    if (key !== 'default' && key !== 'apps')
      throw new Error(`unknown key '${key.slice(0, 40)}' (known: default, apps)`);
  const out = emptySettings();
  if (json['default'] !== undefined) out.default = parseEntry(json['default'], 'default');
  const apps = json['apps'];
  if (apps !== undefined) {
    if (!isObject(apps)) throw new Error('apps: expected an object keyed by app id');
    for (const [id, entry] of Object.entries(apps)) {
      if (!isAppKey(id)) throw new Error(`apps: '${id.slice(0, 60)}' is not an app id`);
      out.apps[id] = parseEntry(entry, `apps["${id}"]`);
    }
  }
  return out;
}

/** Reads the file: empty settings when it does not exist; throws "FILE: problem" otherwise. */
export function readSettingsFile(file: string): AppSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptySettings();
    throw new Error(`${file}: cannot read: ${(e as Error).message}`);
  }
  try {
    return parseSettings(text);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

/**
 * Writes the settings atomically: a temporary file in the same directory renamed over the old
 * one, so a reader (sommelier's watcher) never sees half a file.
 */
export function writeSettingsFile(file: string, settings: AppSettings): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o644 });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * The entry for an app: the first of `keys` (its app id, then its executable name) the file
 * names, else the default. Fields the app's entry lacks come from the default.
 */
export function lookupApp(settings: AppSettings, keys: Array<string | null | undefined>): AppEntry {
  for (const k of keys) {
    if (!k) continue;
    const e = Object.hasOwn(settings.apps, k) ? settings.apps[k] : undefined;
    if (e) return { ...settings.default, ...e };
  }
  return { ...settings.default };
}
