import { hash32 } from './random.js';

/**
 * Sandbox ids are UUID-shaped like Ashby's, but encode (kind, index) so an `*.info` call finds its
 * record without an id map: `<seed hash>-<kind>-4<hash>-a<hash>-<index, 12 hex>`.
 */
export const KINDS = {
  user: 0x0a01,
  department: 0x0a02,
  location: 0x0a03,
  source: 0x0a04,
  sourceType: 0x0a05,
  archiveReason: 0x0a06,
  tag: 0x0a07,
  job: 0x0a08,
  plan: 0x0a09,
  stage: 0x0a0a,
  posting: 0x0a0b,
  candidate: 0x0a0c,
  application: 0x0a0d,
  schedule: 0x0a0e,
  event: 0x0a0f,
  offer: 0x0a10,
  offerVersion: 0x0a11,
  customField: 0x0a12,
  interview: 0x0a13,
  webhook: 0x0a14,
  activity: 0x0a15,
  file: 0x0a16,
  brand: 0x0a17,
  stageGroup: 0x0a18,
  candidateLocation: 0x0a19,
  opening: 0x0a1a,
  feedbackForm: 0x0a1b,
  hiringTeamRole: 0x0a1c,
  note: 0x0a1d,
  project: 0x0a1e,
} as const;

export type Kind = keyof typeof KINDS;
const KIND_BY_CODE = new Map<number, Kind>(Object.entries(KINDS).map(([k, v]) => [v, k as Kind]));

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

export class IdCodec {
  private readonly prefix: string;

  constructor(private readonly seed: number) {
    this.prefix = hex(hash32('ashby-sandbox', seed), 8);
  }

  id(kind: Kind, index: number): string {
    const h = hash32(this.seed, kind, index);
    return `${this.prefix}-${hex(KINDS[kind], 4)}-4${hex(h, 3)}-a${hex(h >>> 12, 3)}-${hex(index, 12)}`;
  }

  /** The index an id encodes, or undefined when it is not this sandbox's id of that kind. */
  index(kind: Kind, id: unknown): number | undefined {
    if (typeof id !== 'string') return undefined;
    const m = /^([0-9a-f]{8})-([0-9a-f]{4})-4[0-9a-f]{3}-a[0-9a-f]{3}-([0-9a-f]{12})$/.exec(id);
    if (!m || m[1] !== this.prefix || KIND_BY_CODE.get(parseInt(m[2], 16)) !== kind) return undefined;
    const index = parseInt(m[3], 16);
    return this.id(kind, index) === id ? index : undefined;
  }
}
