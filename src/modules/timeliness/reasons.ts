import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  timeliness_unit_not_found: { code: 'not_found', vi: 'Không tìm thấy đơn vị {{code}}', en: 'Unit {{code}} not found' },
  timeliness_block_not_found: { code: 'not_found', vi: 'Không tìm thấy khối {{code}}', en: 'Block {{code}} not found' },
  timeliness_own_unit_only: {
    code: 'forbidden',
    vi: 'Cán bộ đơn vị chỉ xem được số liệu đúng hạn của đơn vị mình',
    en: 'Unit staff see the timeliness of their own unit only',
  },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
