import { candidateIdentity } from './build-candidates.js';
import type { World } from './world.js';

/**
 * candidate.search by email without building every candidate per call: an index from lowercased
 * email to candidate indexes, built on the first search and topped up with new and edited
 * candidates. Hits are re-checked by the caller, so stale entries do no harm.
 */
export class EmailIndex {
  private readonly byEmail = new Map<string, number[]>();
  private indexed = 0;
  private readonly edited = new Set<number>();

  constructor(private readonly world: World) {}

  static of(world: World): EmailIndex {
    return world.memo('email-index', () => new EmailIndex(world));
  }

  /** A candidate's emails changed (candidate.create / candidate.update). */
  touched(c: number): void {
    if (c < this.indexed) this.edited.add(c);
  }

  candidates(email: string): number[] {
    const { candidates } = this.world.state;
    for (; this.indexed < candidates.length; this.indexed++) this.add(this.indexed);
    for (const c of this.edited) this.add(c);
    this.edited.clear();
    return [...new Set(this.byEmail.get(email.toLowerCase()) ?? [])].sort((a, b) => a - b);
  }

  private add(c: number): void {
    for (const e of candidateIdentity(this.world, c).emails) {
      const key = e.value.toLowerCase();
      const list = this.byEmail.get(key);
      if (list) list.push(c);
      else this.byEmail.set(key, [c]);
    }
  }
}
