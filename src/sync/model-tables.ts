import { getMetadataArgsStorage } from 'typeorm';
import { ATS_JOIN_ENTITIES, ATS_MODEL_ENTITIES } from '../ats/entities/index.js';
import type { AtsModel, JoinModel } from '../ats/normalized.js';

export interface TableColumn {
  name: string;
  /** The PostgreSQL type, as the entity declares it. */
  type: string;
  /** What an absent value becomes: the column default of a NOT NULL column (e.g. '{}' for custom_fields). */
  fallback: unknown;
}

export interface TableSpec {
  table: string;
  /** Every column but changed_at, which the writer sets itself. */
  columns: TableColumn[];
}

export interface JoinSpec extends TableSpec {
  parentModel: AtsModel;
  parentColumn: string;
  memberModel: AtsModel;
  memberColumn: string;
}

/** jsonb defaults are declared as SQL literals such as "'[]'"; the writer needs them as values. */
function fallbackOf(options: { nullable?: boolean; default?: unknown }): unknown {
  if (options.nullable || typeof options.default !== 'function') return null;
  const literal = String((options.default as () => string)());
  return JSON.parse(literal.replace(/^'(.*)'$/, '$1'));
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function columnsOf(entity: Function): TableColumn[] {
  const chain: unknown[] = [];
  for (let proto = entity; proto && proto !== Function.prototype; proto = Object.getPrototypeOf(proto)) chain.push(proto);
  return getMetadataArgsStorage()
    .columns.filter((c) => chain.includes(c.target))
    .map((c) => ({ name: c.propertyName, type: String(c.options.type), fallback: fallbackOf(c.options) }))
    .filter((c) => c.name !== 'changed_at');
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function spec(entity: Function): TableSpec {
  const table = getMetadataArgsStorage().tables.find((t) => t.target === entity)?.name;
  if (!table) throw new Error(`${entity.name} is not an entity`);
  return { table, columns: columnsOf(entity) };
}

/** Table and columns of every model, read from the entities so the writer never drifts from them. */
export const MODEL_TABLES = Object.fromEntries(
  Object.entries(ATS_MODEL_ENTITIES).map(([model, entity]) => [model, spec(entity)]),
) as Record<AtsModel, TableSpec>;

const JOIN_ENDS: Record<JoinModel, Pick<JoinSpec, 'parentModel' | 'parentColumn' | 'memberModel' | 'memberColumn'>> = {
  job_stages: { parentModel: 'jobs', parentColumn: 'job_id', memberModel: 'application_stages', memberColumn: 'stage_id' },
  job_hiring_team_members: { parentModel: 'jobs', parentColumn: 'job_id', memberModel: 'users', memberColumn: 'user_id' },
  interview_team_members: { parentModel: 'interviews', parentColumn: 'interview_id', memberModel: 'users', memberColumn: 'user_id' },
  candidate_tags: { parentModel: 'candidates', parentColumn: 'candidate_id', memberModel: 'tags', memberColumn: 'tag_id' },
};

export const JOIN_TABLES = Object.fromEntries(
  Object.entries(ATS_JOIN_ENTITIES).map(([join, entity]) => [join, { ...spec(entity), ...JOIN_ENDS[join as JoinModel] }]),
) as Record<JoinModel, JoinSpec>;
