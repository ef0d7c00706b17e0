import fc from 'fast-check';

/**
 * fast-check arbitraries built from the JSON Schemas of /api/openapi.json: values that mostly follow the schema (so
 * requests get past validation and reach the services) and sometimes break it on purpose (wrong type, hostile text).
 */

export interface JsonSchema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

/** Text that has broken servers before: NUL, lone surrogates, huge values, markup, formulas, traversal, SQL. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'SCT\u0000',
  '%00',
  '\uD800',
  'x'.repeat(20_000),
  'Đ'.repeat(5_000),
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  "'; drop table units; --",
  '=HYPERLINK("http://x","y")',
  '+cmd|/c calc',
  '-1',
  '0',
  '1e309',
  '9'.repeat(40),
  'NaN',
  'null',
  '2025-02-30',
  '2025-13-01T25:61:00Z',
  '31/12/2025',
  'Phường An Bình',
  '😀'.repeat(50),
  '\r\n\t',
];

/** Values the seeded database really has, so that path parameters find resources now and then. */
export const KNOWN_VALUES: readonly (string | number)[] = ['SCT', 'SNV', 'X1', 'SO', 'XA', '1', '1.1', '2', 1, 2, 3, 2025, 2026, 'file', 'DEMO-1'];

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
// Parameters travel in the request line: Node refuses lines over 16 KB (431) before the app sees them.
const hostileParameter = fc.constantFrom(...HOSTILE_STRINGS.map((s) => s.slice(0, 1_000)));
const known = fc.constantFrom(...KNOWN_VALUES);

function exampleForPattern(pattern: string): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern)).map((s) => s.slice(0, 64));
  } catch {
    return fc.string({ maxLength: 16 });
  }
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date')
    return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'date-time')
    return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.pattern) return exampleForPattern(schema.pattern);
  const maxLength = Math.min(schema.maxLength ?? 40, 60);
  return fc.string({ minLength: Math.min(schema.minLength ?? 0, maxLength), maxLength });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000;
  const max = typeof schema.maximum === 'number' ? Math.min(schema.maximum, min + 1_000_000) : min + 10_000;
  return integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** A value that follows the schema (as far as a generator reasonably can). */
export function conforming(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  const variants = schema.anyOf ?? schema.oneOf;
  let arbitrary: fc.Arbitrary<unknown>;
  if (schema.const !== undefined) arbitrary = fc.constant(schema.const);
  else if (schema.enum) arbitrary = fc.constantFrom(...schema.enum);
  else if (variants) arbitrary = fc.oneof(...variants.map((v) => conforming(v, depth + 1)));
  else if (schema.allOf) arbitrary = conforming(Object.assign({}, ...schema.allOf), depth + 1);
  else {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'string':
        arbitrary = fc.oneof({ weight: 3, arbitrary: stringArbitrary(schema) }, { weight: 1, arbitrary: known.map(String) });
        break;
      case 'integer':
        arbitrary = fc.oneof(numberArbitrary(schema, true), fc.constantFrom(1, 2, 2025));
        break;
      case 'number':
        arbitrary = numberArbitrary(schema, false);
        break;
      case 'boolean':
        arbitrary = fc.boolean();
        break;
      case 'array':
        arbitrary = fc.array(conforming(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
        break;
      case 'object':
      case undefined: {
        const properties = schema.properties ?? {};
        const required = new Set(schema.required ?? []);
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [name, child] of Object.entries(properties)) record[name] = conforming(child, depth + 1);
        arbitrary = fc.record(record, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
        break;
      }
      default:
        arbitrary = fc.constant(null);
    }
  }
  return schema.nullable ? fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: fc.constant(null) }) : arbitrary;
}

/** Anything a client could send in JSON, hostile strings included. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 10 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Mostly the schema, sometimes one field swapped for something hostile, sometimes anything at all. */
export function fuzzValue(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const base = conforming(schema);
  const mutated = base.chain((value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return fc.oneof(hostileString, anyJson);
    const keys = Object.keys(value);
    if (keys.length === 0) return fc.constant(value);
    return fc.tuple(fc.constantFrom(...keys), fc.oneof(hostileString, anyJson)).map(([key, bad]) => ({ ...value, [key]: bad }));
  });
  return fc.oneof({ weight: 5, arbitrary: base }, { weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: anyJson });
}

/** A path or query parameter's text: from the schema, a known value, or hostile. */
export function fuzzParameter(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: conforming(schema).map((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))) },
    { weight: 3, arbitrary: known.map(String) },
    { weight: 3, arbitrary: hostileParameter },
  );
}

/** encodeURIComponent that does not throw on a lone surrogate (it sends the raw UTF-8 bytes of U+D800 instead). */
export function encodeParameter(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value
      .split('')
      .map((ch) => (/[\uD800-\uDFFF]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch)))
      .join('');
  }
}
