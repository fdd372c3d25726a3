/**
 * The one rule for "may this connection sync or write?": it is enabled and its credentials were not
 * refused (state ACTIVE). The SQL form below is the same rule for queries that pick connections.
 */
export interface ConnectionStatus {
  enabled: boolean;
  state: string;
}

export type Usability = { usable: true } | { usable: false; reason: string };

export function usability(connection: ConnectionStatus): Usability {
  if (!connection.enabled) return { usable: false, reason: 'it is disabled' };
  if (connection.state !== 'ACTIVE') return { usable: false, reason: `its credentials were refused (state ${connection.state})` };
  return { usable: true };
}

/** `usability()` as a SQL condition on the connections row aliased `alias`. */
export function usableConnectionSql(alias: string): string {
  return `${alias}.enabled AND ${alias}.state = 'ACTIVE'`;
}
