/**
 * X selection targets ⇄ Wayland MIME types. Text is UTF8_STRING (and its aliases TEXT and
 * Latin-1 STRING) on the X side, text/plain;charset=utf-8 and friends on the Wayland side;
 * anything that looks like a MIME type (image/png, text/uri-list, text/html) keeps its name.
 */

/** Wayland MIME types that carry UTF-8 text, best first. */
export const TEXT_MIMES = ['text/plain;charset=utf-8', 'UTF8_STRING', 'text/plain', 'TEXT', 'STRING'];

/** X text targets, best first. */
export const TEXT_TARGETS = ['UTF8_STRING', 'TEXT', 'STRING'];

const isMime = (name: string): boolean => /^[a-z]+\/[^\s]+$/i.test(name);

/** The MIME types a Wayland client sees for an X selection offering `targets` (atom names). */
export function mimesForTargets(targets: readonly string[]): string[] {
  const out: string[] = [];
  if (targets.some((t) => TEXT_TARGETS.includes(t) || /^text\/plain/i.test(t))) out.push(...TEXT_MIMES);
  for (const t of targets) if (isMime(t) && !out.includes(t)) out.push(t);
  return out;
}

/** The X target to convert to for a Wayland MIME type, given what X offers. */
export function targetForMime(mime: string, targets: readonly string[]): string | null {
  if (TEXT_MIMES.includes(mime) || /^text\/plain/i.test(mime)) {
    const best = TEXT_TARGETS.find((t) => targets.includes(t));
    if (best) return best;
  }
  return targets.includes(mime) ? mime : null;
}

/** The X targets to offer for a Wayland selection with `mimes` (TARGETS and TIMESTAMP come first). */
export function targetsForMimes(mimes: readonly string[]): string[] {
  const out: string[] = [];
  if (mimes.some((m) => TEXT_MIMES.includes(m) || /^text\/plain/i.test(m))) out.push(...TEXT_TARGETS);
  for (const m of mimes) if (isMime(m) && !out.includes(m)) out.push(m);
  return out;
}

/** The Wayland MIME type to read for an X target, given what the Wayland selection offers. */
export function mimeForTarget(target: string, mimes: readonly string[]): string | null {
  if (TEXT_TARGETS.includes(target) || /^text\/plain/i.test(target)) {
    const exact = mimes.find((m) => m.toLowerCase() === target.toLowerCase());
    if (exact && target !== 'STRING' && target !== 'TEXT') return exact;
    const best = TEXT_MIMES.find((m) => mimes.includes(m)) ?? mimes.find((m) => /^text\/plain/i.test(m));
    if (best) return best;
  }
  return mimes.includes(target) ? target : null;
}
