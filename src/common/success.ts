/**
 * The success envelope every JSON route answers, as Kombo's API and `/v1/ats/*` do:
 * `{"status":"success","data":…}`; lists put their items in `data.results` with the `next` cursor
 * (null on the last page). Errors are `{"status":"error","error":…}` (error-envelope.filter.ts).
 */
export interface Success<T> {
  status: 'success';
  data: T;
}

export interface Page<T> {
  next: string | null;
  results: T[];
}

export const success = <T>(data: T): Success<T> => ({ status: 'success', data });

export const successList = <T>(results: T[], next: string | null = null): Success<Page<T>> => success({ next, results });
