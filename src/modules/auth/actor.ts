import type { Role } from '../../db/schema.js';

/** Who performs a change: a signed-in user, or the system / command line (audited by name). */
export interface Actor {
  userId: number | null;
  username: string;
  role: Role | 'system';
  unitId: number | null;
}

export function systemActor(name: string): Actor {
  return { userId: null, username: name, role: 'system', unitId: null };
}
