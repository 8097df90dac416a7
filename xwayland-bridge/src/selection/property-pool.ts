import type { AtomCache } from '../x11/atoms.js';

/**
 * Property names for transfers into our selection windows (`_TARTINE_SEL_0`, `_1`...): each
 * conversion in flight has its own, so several pastes run at once; names are reused.
 */
export class PropertyPool {
  private readonly free: number[] = [];
  private next = 0;

  constructor(private readonly cache: AtomCache) {}

  async take(): Promise<number> {
    const atom = this.free.pop();
    if (atom !== undefined) return atom;
    return this.cache.atom(`_TARTINE_SEL_${this.next++}`);
  }

  give(atom: number): void {
    if (!this.free.includes(atom)) this.free.push(atom);
  }
}
