import type { Actor } from '../auth/actor.js';
import { isStaffOf } from '../auth/scope.js';
import type { User, UserCan, UsersCan } from './schemas.js';

/**
 * Who may do what with user accounts. The organizer (admin) manages every account; a unit's own staff (officer,
 * leader) may see their unit's accounts (auth/scope.ts); nobody may change the role of, or disable, their own account.
 */
export const userPolicies = {
  manage(actor: Actor): boolean {
    return actor.role === 'admin';
  },
  seeUnitAccounts(actor: Actor, unitId: number): boolean {
    return actor.role === 'admin' || isStaffOf(actor, unitId);
  },
  /** Role and disabled flag: never on the own account (the last admin could lock everyone out). */
  changeRoleOrDisable(actor: Actor, userId: number): boolean {
    return userPolicies.manage(actor) && actor.userId !== userId;
  },
};

/** What the caller may do with the accounts as a whole. */
export function usersCan(actor: Actor): UsersCan {
  return { create: userPolicies.manage(actor) };
}

/** What the caller may do with one account. */
export function userCan(actor: Actor, user: Pick<User, 'id'>): UserCan {
  const manage = userPolicies.manage(actor);
  return {
    edit: manage,
    changeRole: userPolicies.changeRoleOrDisable(actor, user.id),
    disable: userPolicies.changeRoleOrDisable(actor, user.id),
    resetPassword: manage,
  };
}
