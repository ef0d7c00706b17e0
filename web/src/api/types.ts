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

export interface ValidationIssue {
  path: string;
  message: string;
}

export interface ImportRowError {
  row: number;
  column?: string;
  message: string;
}
