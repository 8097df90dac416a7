import type { Window } from './window.js';

/**
 * The stacking order of mapped toplevels, bottom to top. Transients (windows with a parent)
 * always stay above their parent, and raising any member of a family raises the whole family.
 */
export class WindowStack {
  /** Bottom to top. */
  windows: Window[] = [];

  add(win: Window): void {
    this.remove(win);
    this.windows.push(win);
    this.keepAbove(win);
  }

  remove(win: Window): void {
    const i = this.windows.indexOf(win);
    if (i >= 0) this.windows.splice(i, 1);
  }

  has(win: Window): boolean {
    return this.windows.includes(win);
  }

  /**
   * Puts `win`'s family (its oldest stacked ancestor and every transient of it) on top, with
   * `win` and its own transients topmost. Returns the windows whose stacking changed.
   */
  raise(win: Window): Window[] {
    let root = win;
    while (root.parent && this.has(root.parent)) root = root.parent;
    const family = this.windows.filter((w) => w.hasAncestor(root));
    const ordered: Window[] = [];
    const visit = (node: Window): void => {
      ordered.push(node);
      const children = family.filter((c) => c.parent === node);
      // The branch leading to `win` goes last so that it ends up on top of its siblings.
      const onPath = children.findIndex((c) => win.hasAncestor(c));
      if (onPath >= 0) children.push(...children.splice(onPath, 1));
      for (const c of children) visit(c);
    };
    visit(root);
    const next = [...this.windows.filter((w) => !family.includes(w)), ...ordered];
    const changed = next.filter((w, i) => this.windows[i] !== w);
    this.windows = next;
    return changed;
  }

  /** After a transient got a (new) parent: moves it and its own transients just above the parent. */
  keepAbove(child: Window): void {
    const parent = child.parent;
    if (!parent || !this.has(parent) || !this.has(child)) return;
    if (this.windows.indexOf(child) > this.windows.indexOf(parent)) return;
    const subtree = this.windows.filter((w) => w.hasAncestor(child));
    const rest = this.windows.filter((w) => !subtree.includes(w));
    rest.splice(rest.indexOf(parent) + 1, 0, ...subtree);
    this.windows = rest;
  }

  /** The topmost window accepted by `ok`, or null. */
  topmost(ok: (w: Window) => boolean): Window | null {
    for (let i = this.windows.length - 1; i >= 0; i--) if (ok(this.windows[i]!)) return this.windows[i]!;
    return null;
  }
}
