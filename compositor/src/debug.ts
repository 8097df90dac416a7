/**
 * Quiet by default; `TARTINE_DEBUG=wire,wm,...` (or `all`) turns on traces per area. Areas are
 * read once at start-up so a disabled trace costs one boolean check.
 */
const areas = new Set(
  (process.env['TARTINE_DEBUG'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export function debugEnabled(area: string): boolean {
  return areas.has(area) || areas.has('all');
}

/** Writes one trace line to stderr, WAYLAND_DEBUG style: `[milliseconds] area: text`. */
export function debugLog(area: string, text: string): void {
  const ms = performance.now().toFixed(3).padStart(12);
  process.stderr.write(`[${ms}] ${area}: ${text}\n`);
}
