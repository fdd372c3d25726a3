import pg from 'pg';

/**
 * Records the SQL every pg client in this process sends (the app's pool, the sync runner's, the
 * writer's transactions), for tests about what the statements do. It observes: each query still
 * goes to PostgreSQL unchanged.
 */
export interface CapturedStatement {
  text: string;
  values: unknown[];
}

export class StatementCapture {
  readonly statements: CapturedStatement[] = [];
  private original: typeof pg.Client.prototype.query | undefined;
  private on = false;

  install(): this {
    const original = (this.original = pg.Client.prototype.query);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const capture = this;
    pg.Client.prototype.query = function (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) {
      if (capture.on) {
        const text = typeof config === 'string' ? config : (config as { text?: string } | null)?.text;
        const given = typeof config === 'object' && config !== null && 'values' in config ? (config as { values?: unknown[] }).values : values;
        if (typeof text === 'string') capture.statements.push({ text, values: Array.isArray(given) ? given : [] });
      }
      // eslint-disable-next-line prefer-rest-params
      return (original as (...args: unknown[]) => unknown).apply(this, arguments as unknown as unknown[]);
    } as typeof pg.Client.prototype.query;
    return this;
  }

  start(): void {
    this.on = true;
  }

  stop(): void {
    this.on = false;
  }

  uninstall(): void {
    if (this.original) pg.Client.prototype.query = this.original;
  }
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  Operation?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

const CONDITIONS = ['Index Cond', 'Filter', 'Recheck Cond', 'Hash Cond', 'Merge Cond', 'Join Filter', 'TID Cond'];

/** The conditions a node applies itself, plus those of the bitmap index scans under it. */
function ownConditions(node: PlanNode): string[] {
  const out = CONDITIONS.map((k) => node[k]).filter((c): c is string => typeof c === 'string');
  for (const child of node.Plans ?? []) if (child['Node Type'].startsWith('Bitmap')) out.push(...ownConditions(child));
  return out;
}

/**
 * Scans of the given tables in a plan that no condition ties to a connection: neither their own
 * (index, filter, recheck) nor a join above them that matches `<alias>.connection_id`. An INSERT
 * has no scan of its target; its rows carry connection_id (NOT NULL), which routes them.
 */
export function unscopedScans(plan: PlanNode, tables: ReadonlySet<string>, joinConditions: string[] = []): string[] {
  const found: string[] = [];
  const relation = plan['Relation Name'];
  // In a scan's own conditions its columns appear bare or as alias.column; other tables' as alias.column.
  const scoped = (alias: string, conditions: string[]) =>
    conditions.some((c) => /(^|[^\w.])connection_id\b/.test(c) || c.includes(`${alias}.connection_id`));
  if (relation && tables.has(relation) && !(plan['Node Type'] === 'ModifyTable')) {
    const alias = plan.Alias ?? relation;
    const own = ownConditions(plan);
    const viaJoin = joinConditions.filter((c) => c.includes(`${alias}.connection_id`));
    if (!scoped(alias, own) && viaJoin.length === 0) found.push(`${plan['Node Type']} on ${relation} ${alias}`);
  }
  const here = ['Hash Cond', 'Merge Cond', 'Join Filter'].map((k) => plan[k]).filter((c): c is string => typeof c === 'string');
  for (const child of plan.Plans ?? []) found.push(...unscopedScans(child, tables, [...joinConditions, ...here]));
  return found;
}
