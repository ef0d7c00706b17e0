import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why the inspections module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  inspection_not_found: { code: 'not_found', vi: 'Không tìm thấy cuộc kiểm tra {{inspection}}', en: 'Inspection {{inspection}} not found' },
  inspection_finding_not_found: {
    code: 'not_found',
    vi: 'Không tìm thấy nội dung kết quả kiểm tra {{finding}}',
    en: 'Finding {{finding}} of the inspection not found',
  },
  remediation_item_not_found: { code: 'not_found', vi: 'Không tìm thấy việc khắc phục {{item}}', en: 'Remediation item {{item}} not found' },
  inspection_unit_not_found: { code: 'not_found', vi: 'Không tìm thấy đơn vị {{unit}}', en: 'Unit {{unit}} not found' },
  inspection_unit_inactive: {
    code: 'validation_failed',
    vi: 'đơn vị {{unit}} không còn hoạt động',
    en: 'unit {{unit}} is no longer active',
  },
  inspection_not_on_team: {
    code: 'forbidden',
    vi: 'Bạn chỉ được sửa các cuộc kiểm tra mà bạn là thành viên đoàn',
    en: 'You may edit only the inspections whose team you are on',
  },
  inspection_organizer_only: {
    code: 'forbidden',
    vi: 'Chỉ Sở Nội vụ lập kế hoạch kiểm tra: thêm, xóa cuộc kiểm tra, đổi đơn vị hoặc thành viên đoàn',
    en: 'Only the organizer plans inspections: adds and deletes them, changes their unit or team',
  },
  remediation_close_forbidden: {
    code: 'forbidden',
    vi: 'Chỉ đơn vị được kiểm tra (hoặc đoàn kiểm tra) được đóng việc khắc phục này',
    en: 'Only the inspected unit (or the team) may close this remediation item',
  },
  inspection_lead_required: {
    code: 'validation_failed',
    vi: 'đoàn kiểm tra cần đúng một trưởng đoàn',
    en: 'the team needs exactly one lead',
  },
  inspection_member_repeated: {
    code: 'validation_failed',
    vi: 'một thành viên được chọn hai lần',
    en: 'a member is listed twice',
  },
  inspection_member_invalid: {
    code: 'validation_failed',
    vi: 'tài khoản {{user}} không thể là thành viên đoàn (chỉ quản trị, thẩm định, hội đồng đang hoạt động)',
    en: 'account {{user}} cannot be on the team (only active admin, appraiser or council accounts)',
  },
  inspection_dates_reversed: {
    code: 'validation_failed',
    vi: 'ngày kết thúc dự kiến trước ngày bắt đầu',
    en: 'the planned end is before the planned start',
  },
  inspection_conducted_without_date: {
    code: 'validation_failed',
    vi: 'cuộc kiểm tra đã tiến hành phải có ngày kiểm tra (conductedOn)',
    en: 'a conducted inspection needs its date (conductedOn)',
  },
  inspection_conclusion_required: {
    code: 'validation_failed',
    vi: 'cần nội dung kết luận trước khi kết luận cuộc kiểm tra',
    en: 'an inspection is concluded with its conclusion text',
  },
  inspection_concluded_without_date: {
    code: 'validation_failed',
    vi: 'cuộc kiểm tra đã kết luận phải có ngày kết luận (concludedOn)',
    en: 'a concluded inspection needs its conclusion date (concludedOn)',
  },
  inspection_concluded_before_conducted: {
    code: 'validation_failed',
    vi: 'ngày kết luận trước ngày kiểm tra',
    en: 'the conclusion date is before the inspection date',
  },
  remediation_finding_invalid: {
    code: 'validation_failed',
    vi: 'việc khắc phục chỉ gắn với một kiến nghị của chính cuộc kiểm tra này',
    en: 'an item may answer only a recommendation of the same inspection',
  },
  remediation_evidence_required: {
    code: 'validation_failed',
    vi: 'cần nêu minh chứng đã khắc phục',
    en: 'closing an item needs its evidence',
  },
  remediation_closed_on_required: {
    code: 'validation_failed',
    vi: 'cần ngày hoàn thành khắc phục',
    en: 'closing an item needs its date',
  },
  remediation_closed_in_future: {
    code: 'validation_failed',
    vi: 'ngày hoàn thành {{date}} chưa đến',
    en: 'the closing date {{date}} is in the future',
  },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
