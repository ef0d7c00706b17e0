import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
