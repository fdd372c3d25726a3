import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Responses = Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
export interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Responses }>>;
  components?: { schemas?: Record<string, unknown> };
}

/**
 * Checks an error answer against what /openapi.json documents for that operation and status:
 * the status must be listed, and the body must validate against its schema (ajv, OpenAPI 3.0's
 * `nullable` included).
 */
export class DocumentedErrors {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDoc) {
    addFormats.default(this.ajv);
    // The components under one id, so the document's '#/components/…' $refs resolve against it.
    this.ajv.addSchema({ $id: 'openapi', components: doc.components ?? {} });
  }

  /** The problem with this answer, or undefined when it is the documented error. */
  problem(method: string, path: string, status: number, text: string): string | undefined {
    const response = this.doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)];
    if (!response) return `${status} is not documented for ${method.toUpperCase()} ${path}`;
    const ref = response.content?.['application/json']?.schema?.$ref;
    if (!ref?.startsWith('#/')) return `${status} of ${method.toUpperCase()} ${path} documents no JSON schema by $ref`;
    let validate = this.cache.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi${ref}` });
      this.cache.set(ref, validate);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return 'the body is not JSON';
    }
    if (validate(body)) return undefined;
    return `the body does not match ${ref}: ${this.ajv.errorsText(validate.errors)}`;
  }
}
