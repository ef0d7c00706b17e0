import { noContent } from '../../http/download.js';
import { localYear } from '../../domain/local-time.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession } from '../../http/request-context.js';
import { CodeParam } from '../../http/schemas.js';
import { readUploadedFile } from '../../http/upload.js';
import { unitPolicies } from '../units/policies.js';
import { Block, BlockImportResult, BlockList, BlockListQuery, BlockPatchBody, NewBlockBody } from './schemas.js';
import { createBlock, deleteBlock, getBlock, importBlocks, listBlocks, updateBlock } from './service.js';

export async function blockRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const thisYear = () => localYear(new Date());
  const tags = ['blocks'];

  app.get(
    '/api/v1/blocks',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: 'Blocks (khối) with their member count in a year', querystring: BlockListQuery, response: { 200: BlockList } },
    },
    async (request) => {
      // Blocks are part of the organization: the organizer's (units/policies.ts).
      const manage = unitPolicies.manage(actorFromSession(request.session));
      return { items: await listBlocks(db, request.query.year ?? thisYear()), can: { create: manage, edit: manage, delete: manage, import: manage } };
    },
  );

  app.get('/api/v1/blocks/:code', { config: { access: access.anyRole }, schema: { tags, params: CodeParam, response: { 200: Block } } }, async (request) =>
    getBlock(db, request.params.code, thisYear()),
  );

  app.post('/api/v1/blocks', { config: { access: access.admin }, schema: { tags, body: NewBlockBody, response: { 201: Block } } }, async (request, reply) =>
    reply.status(201).send(await createBlock(db, actorFromSession(request.session), request.body, thisYear())),
  );

  app.patch(
    '/api/v1/blocks/:code',
    { config: { access: access.admin }, schema: { tags, params: CodeParam, body: BlockPatchBody, response: { 200: Block } } },
    async (request) => updateBlock(db, actorFromSession(request.session), request.params.code, request.body, thisYear()),
  );

  app.delete('/api/v1/blocks/:code', { config: { access: access.admin }, schema: { tags, params: CodeParam, response: noContent } }, async (request, reply) => {
    await deleteBlock(db, actorFromSession(request.session), request.params.code);
    return reply.status(204).send(null);
  });

  app.post(
    '/api/v1/blocks/import',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Import blocks from CSV/XLSX with columns code,name (all or nothing)',
        consumes: ['multipart/form-data'],
        response: { 200: BlockImportResult },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importBlocks(db, actorFromSession(request.session), buffer);
    },
  );
}
