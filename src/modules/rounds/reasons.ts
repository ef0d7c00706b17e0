import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  round_not_found: { code: 'not_found', vi: 'Không tìm thấy đợt đánh giá số {{round}}', en: 'Round {{round}} not found' },
  round_unknown_block: { code: 'validation_failed', vi: 'không có khối này', en: 'unknown block' },
  round_exists: { code: 'conflict', vi: 'Khối {{block}} đã có đợt đánh giá năm {{year}}', en: 'There is already a {{year}} round for block {{block}}' },
  round_block_without_units: { code: 'validation_failed', vi: 'khối không có đơn vị nào trong năm này', en: 'no units that year' },
  round_dates_not_open: { code: 'conflict', vi: 'Chỉ đợt đánh giá đang mở mới thay đổi được thời hạn', en: 'Only an open round has dates to change' },
  extension_round_not_open: { code: 'conflict', vi: 'Chỉ gia hạn được trong đợt đánh giá đang mở', en: 'Only an open round can be extended' },
  extension_unit_not_in_round: { code: 'validation_failed', vi: 'đơn vị không tham gia đợt đánh giá này', en: 'not in this round' },
  round_already_approved: { code: 'conflict', vi: 'Đợt đánh giá đã được phê duyệt', en: 'The round is already approved' },
  round_not_ready: {
    code: 'conflict',
    vi: 'Chưa thể phê duyệt: {{units}} đơn vị chưa nộp bài tự đánh giá khi còn hạn ({{unitList}}); {{criteria}} tiêu chí chưa chốt thẩm định khi còn hạn thẩm định ({{criterionList}})',
    en: 'Not ready for approval: {{units}} units have not submitted while their self-assessment is open ({{unitList}}); {{criteria}} appraisals are not final while their window is open ({{criterionList}})',
  },
  approval_preview_forbidden: {
    code: 'forbidden',
    vi: 'Chỉ Sở Nội vụ và Hội đồng thẩm định xem được điều kiện phê duyệt',
    en: 'Only the organizer and the council see what the approval waits for',
  },
  round_already_published: { code: 'conflict', vi: 'Kết quả đợt đánh giá đã được công bố', en: 'The round is already published' },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
