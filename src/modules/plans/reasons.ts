import { defineReasons, failWith } from '../../errors.js';

/** Why the plans module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  plan_task_done_without_date: {
    code: 'validation_failed',
    vi: 'nhiệm vụ đã hoàn thành phải có ngày hoàn thành (completed_on)',
    en: 'a done task needs its completion date (completed_on)',
  },
  plan_not_found: { code: 'not_found', vi: 'Không tìm thấy kế hoạch {{plan}}', en: 'Plan {{plan}} not found' },
  plan_task_not_found: { code: 'not_found', vi: 'Không tìm thấy nhiệm vụ {{task}} của kế hoạch {{plan}}', en: 'Task {{task}} of plan {{plan}} not found' },
  plan_exists: { code: 'conflict', vi: 'Đơn vị đã có kế hoạch {{plan}} năm {{year}}', en: 'The unit already has plan {{plan}} for {{year}}' },
  plan_task_exists: { code: 'conflict', vi: 'Kế hoạch {{plan}} đã có nhiệm vụ {{task}}', en: 'Plan {{plan}} already has task {{task}}' },
  plan_unit_not_found: { code: 'not_found', vi: 'Không tìm thấy đơn vị {{unit}}', en: 'Unit {{unit}} not found' },
  plan_block_not_found: { code: 'not_found', vi: 'Không tìm thấy khối {{block}}', en: 'Block {{block}} not found' },
  plans_forbidden: {
    code: 'forbidden',
    vi: 'Bạn chỉ được sửa kế hoạch của đơn vị mình',
    en: 'You may edit only your own unit’s plans',
  },
  required_plans_forbidden: {
    code: 'forbidden',
    vi: 'Chỉ Sở Nội vụ quy định danh mục kế hoạch bắt buộc',
    en: 'Only the organizer sets the required plans',
  },
  plan_unit_required: {
    code: 'validation_failed',
    vi: 'cần chọn đơn vị của kế hoạch (unit)',
    en: 'the plan’s unit is required (unit)',
  },
  // The plan-task file.
  plan_file_unit_unknown: { code: 'validation_failed', vi: 'không có đơn vị {{unit}}', en: 'unknown unit {{unit}}' },
  plan_file_unit_not_yours: {
    code: 'validation_failed',
    vi: 'đơn vị {{unit}} không phải đơn vị của bạn; bạn chỉ nhập được nhiệm vụ của đơn vị mình',
    en: 'unit {{unit}} is not yours; you may import only your own unit’s tasks',
  },
  plan_file_status_unknown: {
    code: 'validation_failed',
    vi: 'trạng thái {{value}} không hợp lệ (todo, in_progress, done, cancelled)',
    en: 'status {{value}} is not one of todo, in_progress, done, cancelled',
  },
  plan_file_date_invalid: {
    code: 'validation_failed',
    vi: '{{value}} không phải là ngày (YYYY-MM-DD hoặc DD/MM/YYYY)',
    en: '{{value}} is not a date (YYYY-MM-DD or DD/MM/YYYY)',
  },
  plan_file_task_repeated: {
    code: 'validation_failed',
    vi: 'nhiệm vụ {{task}} của kế hoạch {{plan}}, đơn vị {{unit}} đã có ở dòng {{row}}',
    en: 'task {{task}} of plan {{plan}}, unit {{unit}} is already on row {{row}}',
  },
});

export const fail = failWith(reasons);
