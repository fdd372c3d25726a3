import type { TestApp } from '../../support/test-app.js';

export interface Page<T = Record<string, unknown>> {
  next: string | null;
  results: T[];
}

/** GET helpers for /v1/ats with the admin key naming a connection. */
export function readClient(t: TestApp, connectionId: string) {
  const headers = { ...t.admin, 'X-Connection-Id': connectionId };
  const get = (path: string, query: Record<string, string | number | boolean> = {}) =>
    t.http().get(`/v1/ats/${path}`).query(query).set(headers);
  return {
    get,
    /** One page; fails the test unless it answers 200. */
    async page<T = Record<string, unknown>>(path: string, query: Record<string, string | number | boolean> = {}): Promise<Page<T>> {
      const response = await get(path, query);
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.text}`);
      return response.body.data as Page<T>;
    },
    /** Every page, following `next` with the cursor alone. */
    async all<T = Record<string, unknown>>(path: string, query: Record<string, string | number | boolean> = {}): Promise<T[]> {
      const results: T[] = [];
      let page = await this.page<T>(path, query);
      results.push(...page.results);
      while (page.next) {
        page = await this.page<T>(path, { cursor: page.next });
        results.push(...page.results);
      }
      return results;
    },
    /** The ids of every record the filters return. */
    async ids(path: string, query: Record<string, string | number | boolean> = {}): Promise<string[]> {
      return (await this.all<{ id: string }>(path, query)).map((r) => r.id);
    },
  };
}
