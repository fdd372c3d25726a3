import type { Filters } from '../query/filters.js';
import type { SqlParams } from './sql-params.js';

/**
 * A CTE that gathers one kind of nested data for the whole page at once: it reads `shown` (the page's
 * rows) and yields one row per parent as (parent_id, value). The final SELECT joins it on parent_id.
 */
export interface NestedQuery {
  name: string;
  sql: string;
  /** False for a helper CTE that another nested CTE uses (its parent_id is not the record's id). */
  joined?: false;
}

/** How one model is read: its table, filters, nested data and JSON shape. */
export interface ReadModel {
  /** Path segment under /v1/ats and the cursor's model name, e.g. `candidates`. */
  path: string;
  table: string;
  /** Conditions on `r` for the model's own filters; `$1` is the connection id. */
  filters?(filters: Filters, params: SqlParams): string[];
  /**
   * For `updated_after`: statements selecting the ids of records whose nested data changed after
   * `since` (a placeholder). Kombo counts these as changes of the parent.
   */
  nestedChanges?(since: string): string[];
  /**
   * A selective filter that should drive the page: a statement selecting the ids that can match
   * (through its own index), used when `updated_after` is absent. The filter must also be in `filters`.
   */
  driver?(filters: Filters, params: SqlParams): string | undefined;
  /**
   * Filters whose best plan does not depend on their values, so a page using only these may reuse a
   * prepared plan. Check the generic plan (`SET plan_cache_mode = force_generic_plan`) on the bench
   * data first: the email filter is not one (its generic plan scans the whole connection).
   */
  planStableFilters?: readonly (keyof Filters)[];
  nested?: NestedQuery[];
  /** A JSON expression over `r` (the record) and the nested CTEs (`<name>.value`). */
  shape: string;
}
