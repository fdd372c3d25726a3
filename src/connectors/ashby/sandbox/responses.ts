/** Ashby's response envelopes. Domain errors are HTTP 200 with success:false (the "would be 4xx" family). */

export class AshbyDomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, requestId: string) {
  // `errors` is deprecated in favour of errorInfo but still sent.
  return { success: false, errors: [code], errorInfo: { code, message, requestId, meta: {} } };
}

export const ok = <T>(results: T) => ({ success: true, results });

export const notFound = (what: string, id: unknown) =>
  new AshbyDomainError(`${what}_not_found`, `No ${what.replace(/_/g, ' ')} with id ${JSON.stringify(id ?? null)}.`);

export const invalidInput = (message: string) => new AshbyDomainError('invalid_input', message);

/** A required string parameter of the request body. */
export function requireString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw invalidInput(`\`${name}\` is required and must be a string.`);
  return value;
}
