/**
 * The Exec key of a desktop entry → argv (Desktop Entry Specification, "The Exec key"): quoted
 * arguments in double quotes with `\" \` \$ \\` escapes, and the field codes %f %F %u %U
 * (files or URLs), %i (--icon ICON), %c (the name), %k (the file), %% (a %). Deprecated codes
 * are dropped.
 */
export interface ExecContext {
  files: string[];
  icon: string;
  name: string;
  path: string;
}

export class ExecLineError extends Error {}

/** Splits the value into words, undoing the quoting rules. */
export function splitExec(value: string): string[] {
  // The general string escapes (`\\` → `\`) apply first, then the Exec quoting rules.
  const v = value.replace(/\\\\/g, '\\');
  const words: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '"') {
      cur ??= '';
      for (i++; i < v.length && v[i] !== '"'; i++) {
        if (v[i] === '\\' && i + 1 < v.length && '"`$\\'.includes(v[i + 1]!)) i++;
        cur += v[i];
      }
      if (i >= v.length) throw new ExecLineError(`unterminated quote in Exec line: ${value}`);
    } else if (c === ' ' || c === '\t') {
      if (cur !== null) words.push(cur);
      cur = null;
    } else cur = (cur ?? '') + c;
  }
  if (cur !== null) words.push(cur);
  return words;
}

/** The command line to run, with field codes expanded. */
export function expandExec(value: string, ctx: ExecContext): string[] {
  const out: string[] = [];
  for (const word of splitExec(value)) {
    if (word === '%f' || word === '%u') {
      if (ctx.files[0] !== undefined) out.push(ctx.files[0]);
    } else if (word === '%F' || word === '%U') {
      out.push(...ctx.files);
    } else if (word === '%i') {
      if (ctx.icon) out.push('--icon', ctx.icon);
    } else {
      const w = word.replace(/%(.)/g, (_, c: string) => {
        if (c === '%') return '%';
        if (c === 'c') return ctx.name;
        if (c === 'k') return ctx.path;
        return '';
      });
      if (w !== '' || !/^%[dDnNvm]$/.test(word)) out.push(w);
    }
  }
  if (out.length === 0) throw new ExecLineError(`empty Exec line: ${value}`);
  return out;
}
