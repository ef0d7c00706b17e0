import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  block_not_found: { code: 'not_found', vi: 'Không tìm thấy khối {{code}}', en: 'Block {{code}} not found' },
  block_exists: { code: 'conflict', vi: 'Khối {{code}} đã có', en: 'Block {{code}} already exists' },
  block_has_members: {
    code: 'conflict',
    vi: 'Khối {{code}} còn đơn vị thành viên; hãy chuyển các đơn vị sang khối khác trước',
    en: 'Block {{code}} has unit memberships; move the units first',
  },
  block_code_repeated: { code: 'import_rejected', vi: 'mã {{code}} bị trùng (đã có ở dòng {{row}})', en: 'duplicate code {{code}} (first on row {{row}})' },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
