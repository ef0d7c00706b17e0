import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The contract is complete: every operation of the OpenAPI document declares what it answers on success — a JSON
 * schema, a 204 without a body, or the media types of the file it downloads — so the web's types (imported from the
 * same schemas) and the document describe every answer, and the server checks each JSON answer against it.
 */
let server: TestServer;

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('/api/openapi.json', () => {
  it('gives every operation a success response with a schema', async () => {
    const doc = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(100);
    const undescribed = operations
      .filter(({ op }) => {
        const success = Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith('2'));
        return !success.some(([status, response]) => {
          const contents = Object.values(response.content ?? {});
          return contents.length > 0 && contents.every((c) => c.schema && Object.keys(c.schema).length > 0) && (status !== '200' || contents.length > 0);
        });
      })
      .map(({ name }) => name);
    expect(undescribed).toEqual([]);
  });
});
