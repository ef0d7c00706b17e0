// Shapes from docs/api.md (v1). Kept by hand until the client is generated from OpenAPI.

export const ROLES = ['admin', 'unit_officer', 'unit_leader', 'appraiser', 'council', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that must be bound to a unit (docs/api.md, Users). */
export const UNIT_BOUND_ROLES: readonly Role[] = ['unit_officer', 'unit_leader', 'appraiser'];

export interface SessionUser {
  id: string | number;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  unitName: string | null;
  mustChangePassword: boolean;
}

export interface SessionResponse {
  user: SessionUser;
  csrfToken: string;
}

export interface Block {
  id: string | number;
  code: string;
  name: string;
  unitCount: number;
}

export const UNIT_STATUSES = ['active', 'merged', 'split', 'dissolved'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export interface Unit {
  id: string | number;
  code: string;
  name: string;
  parentCode: string | null;
  blockCode: string | null;
  blockName: string | null;
  status: UnitStatus;
  validFromYear: number | null;
  validToYear: number | null;
  /** The ETag: edits send it back in If-Match. */
  version: number;
}

export interface UnitLink {
  code: string;
  kind: string;
  year: number;
}

export interface UnitDetail extends Unit {
  names: { fromYear: number; name: string }[];
  memberships: { year: number; blockCode: string }[];
  predecessors: UnitLink[];
  successors: UnitLink[];
  children: { code: string; name: string }[];
}

export interface UserAdmin {
  id: string | number;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  unitName: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** A reason with its parameters (src/catalogue.ts): the UI shows errors.<code> filled with params, else message. */
export interface Reasoned {
  code?: string;
  params?: Record<string, string | number | boolean | null>;
  message: string;
}

export interface ValidationIssue extends Reasoned {
  path: string;
}

export interface ImportRowError extends Reasoned {
  row: number;
  column?: string;
}

// Frameworks (docs/api.md "Frameworks"; src/modules/frameworks/routes.ts).
export const METHODS = ['manual', 'survey', 'formula', 'bonus', 'penalty'] as const;
export type Method = (typeof METHODS)[number];

export interface ClassBand {
  label: string;
  min: number;
}

export interface FrameworkSummary {
  id: number;
  year: number;
  blockCode: string;
  blockName: string;
  revision: number;
  name: string;
  classes: ClassBand[];
  criterionCount: number;
  totalMax: number;
  inUse: boolean;
  createdAt: string;
  updatedAt: string;
  /** The ETag: the editor sends it back in If-Match. */
  version: number;
}

export interface CriterionNode {
  id: number;
  code: string;
  parentCode: string | null;
  position: number;
  title: string;
  maxPoints: number;
  method: Method;
  evidenceRequired: boolean;
  appraiser: string | null;
  effectiveAppraiser: string | null;
  guidance: string | null;
  formula: string | null;
  leaf: boolean;
  children: CriterionNode[];
}

export interface FrameworkDetail extends FrameworkSummary {
  criteria: CriterionNode[];
}

/** A criterion as sent in a PUT/POST body. */
export interface CriterionInput {
  code: string;
  title: string;
  maxPoints: number | string;
  method: Method;
  evidenceRequired?: boolean;
  appraiser?: string | null;
  guidance?: string | null;
  formula?: string | null;
}

// Results (src/modules/results/routes.ts).
export interface FieldResult {
  code: string;
  score: number;
  maxScore: number;
  /** Null for bonus/penalty fields, or when nothing in the field applies. */
  index: number | null;
}

export interface UnitRanking {
  unitCode: string;
  unitName: string;
  selfScore: number | null;
  score: number | null;
  maxScore: number | null;
  index: number | null;
  rank: number | null;
  class: string | null;
  previousRank: number | null;
  fields: FieldResult[];
  /** Why the unit has no index. */
  problem: string | null;
}

export type RoundStatus = 'open' | 'approved' | 'published';

export interface BlockResults {
  roundId: number;
  year: number;
  blockCode: string;
  blockName: string;
  status: RoundStatus;
  frameworkName: string;
  classes: ClassBand[];
  fields: { code: string; title: string }[];
  /** Ranked units first (by rank, then code), then units without an index. */
  units: UnitRanking[];
}

export interface VisibleResults {
  results: BlockResults;
  /** Null while the results are a live preview (organizer and council only). */
  revision: number | null;
  publishedAt: string | null;
}

export interface Publication {
  revision: number;
  reason: string | null;
  publishedAt: string;
}
