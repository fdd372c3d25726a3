import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** Ashby's published OpenAPI document, kept with the project's shared reference material. */
// Ashby's published OpenAPI document, kept with the tests so a clone can run them on its own.
export const ASHBY_OPENAPI_PATH = join(process.cwd(), 'test', 'connectors', 'ashby', 'fixtures', 'ashby-openapi.yml');

const ERROR_SCHEMA = '#/paths/~1report.generate/post/responses/429/content/application~1json/schema';

/**
 * The document's quirks, handled here and never by changing what the sandbox sends:
 * - it is generated readme.io style and uses `oneOf` for "one of these shapes" where the shapes
 *   overlap (a custom field's `value` lists `string` three times), so any string would fail a strict
 *   oneOf: every oneOf is read as anyOf. Success and error bodies are still told apart, because
 *   each is checked against its own branch.
 * - OpenAPI's `example` and custom formats (`int64`, `currency`, `binary`) are not JSON Schema
 *   keywords ajv knows: the formats are declared, unknown keywords ignored (strict: false).
 * - nullable enums that forget null (see below).
 */
function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // $refs point into other schemas by path, through the renamed keyword too.
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/\/oneOf\//g, '/anyOf/');
    else out[key === 'oneOf' ? 'anyOf' : key] = normalize(value);
  }
  // `type: [string, 'null']` with an enum that leaves out null (e.g. an interviewer's trainingRole,
  // documented as "null when the interviewer is qualified"): the enum admits the null the type allows.
  if (Array.isArray(out.type) && out.type.includes('null') && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

export class AshbyOpenApi {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();
  readonly doc: { paths: Record<string, { post: { responses: Record<string, unknown> } }> };

  constructor(path = ASHBY_OPENAPI_PATH) {
    this.doc = parse(readFileSync(path, 'utf8'));
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(this.ajv);
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat('currency', { type: 'number', validate: () => true });
    this.ajv.addFormat('binary', true);
    // The whole document under one id, so its '#/paths/…' $refs resolve against it.
    this.ajv.addSchema({ ...(normalize(this.doc) as object), $id: 'ashby' });
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.cache.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: `ashby${pointer}` });
      this.cache.set(pointer, v);
    }
    return v;
  }

  hasEndpoint(endpoint: string): boolean {
    return Boolean(this.doc.paths[`/${endpoint}`]?.post?.responses?.['200']);
  }

  /** Problems of a 200 body of `endpoint` (success or `success:false`), [] when it conforms. */
  check200(endpoint: string, body: unknown): string[] {
    if (!this.hasEndpoint(endpoint)) return [`the document has no POST /${endpoint}`];
    const escaped = endpoint.replace(/~/g, '~0').replace(/\//g, '~1');
    const problems = this.run(`#/paths/~1${escaped}/post/responses/200/content/application~1json/schema`, body);
    // An error body must also be the documented error shape, not merely any branch.
    if ((body as { success?: unknown })?.success === false) problems.push(...this.checkError(body));
    return problems;
  }

  /** Problems of an error body (any status) against the document's error response schema. */
  checkError(body: unknown): string[] {
    return this.run(ERROR_SCHEMA, body);
  }

  /** Problems of a webhook payload of `action` against the document's `webhooks` section. */
  checkWebhook(action: string, body: unknown): string[] {
    return this.run(`#/webhooks/${action}/post/requestBody/content/application~1json/schema`, body);
  }

  private run(pointer: string, body: unknown): string[] {
    const validate = this.validator(pointer);
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
