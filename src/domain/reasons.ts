import { defineReasons } from '../errors.js';

/** Reasons raised by src/domain, in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({});
