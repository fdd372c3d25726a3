/** Positional parameters for one statement; `$1` is always the connection id. */
export class SqlParams {
  readonly values: unknown[];

  constructor(connectionId: string) {
    this.values = [connectionId];
  }

  /** Adds a value and returns its placeholder, e.g. `$3`. */
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}
