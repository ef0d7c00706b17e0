/**
 * Machine tokens (issue 4): a one-stop-shop system pushes dossiers with `Authorization: Bearer pdx_…`.
 * The token is shown once when it is created; only its SHA-256 is stored, so a database dump cannot be replayed.
 * Creating and revoking a token is audited; each accepted use stamps `last_used_at`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { apiTokens, users } from '../../db/schema.js';
import { fail } from './reasons.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import type { ApiToken, ApiTokenCreated, NewApiTokenBody } from './schemas.js';

export const TOKEN_PREFIX = 'pdx_';
/** `pdx_` + 32 random bytes in base64url (43 characters). */
const TOKEN_PATTERN = /^pdx_[A-Za-z0-9_-]{43}$/;
/** `last_used_at` is written at most this often per token, so a busy client does not turn every push into a row update. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The machine client a request was authenticated as. */
export interface MachineClient {
  tokenId: number;
  name: string;
}

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The actor recorded in the audit log and in `dossier_imports.started_by` for a machine push. */
export function machineActor(client: MachineClient): Actor {
  return { userId: null, username: `api-token#${client.tokenId}:${client.name}`, role: 'system', unitId: null };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function tokenView(db: Db, id: number): Promise<ApiToken | null> {
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdBy: users.username,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.id, id));
  return row ? toView(row) : null;
}

function toView(row: { id: number; name: string; createdBy: string | null; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiToken {
  return { ...row, createdAt: row.createdAt.toISOString(), lastUsedAt: iso(row.lastUsedAt), revokedAt: iso(row.revokedAt) };
}

/** Every token, newest first, revoked ones included (they stay for the record). */
export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdBy: users.username,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.id));
  return rows.map(toView);
}

/** Creates a token; the clear token is in the answer and nowhere else. */
export async function createApiToken(db: Db, actor: Actor, input: NewApiTokenBody): Promise<ApiTokenCreated> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = await inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name: input.name, tokenHash: hashApiToken(token), createdBy: actor.userId })
      .returning({ id: apiTokens.id });
    await recordAudit(tx, actor, { action: 'create', entityType: 'api_token', entityId: row!.id, after: { name: input.name } });
    return row!.id;
  });
  return { token, item: (await tokenView(db, id))! };
}

/** Revokes a token at once; revoking a revoked token changes nothing. */
export async function revokeApiToken(db: Db, actor: Actor, id: number, now: Date): Promise<ApiToken> {
  await inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).for('update');
    if (!row) throw fail('api_token_not_found', { id });
    if (row.revokedAt) return;
    await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id));
    await recordAudit(tx, actor, {
      action: 'revoke',
      entityType: 'api_token',
      entityId: id,
      before: { name: row.name, revokedAt: null },
      after: { name: row.name, revokedAt: now },
    });
  });
  return (await tokenView(db, id))!;
}

/**
 * Checks `Authorization: Bearer <token>`: a well-formed, known and not revoked token, else 401 `unauthenticated`
 * (the same answer whatever is wrong, so a caller learns nothing about which tokens exist).
 */
export async function authenticateMachineToken(db: Db, authorization: string | undefined, now: Date): Promise<MachineClient> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const refuse = () => fail('api_token_invalid');
  if (!match || !TOKEN_PATTERN.test(match[1]!)) throw refuse();
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashApiToken(match[1]!)));
  if (!row || row.revokedAt) throw refuse();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { tokenId: row.id, name: row.name };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access hook on `{ machine: true }` routes. */
    machineClient: MachineClient | null;
  }
}
