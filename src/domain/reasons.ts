import { defineReasons } from '../errors.js';
import { frameworkReasons } from './framework-reasons.js';

/** Reasons raised by src/domain, in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  // Framework rules and formulas (framework.ts, formula.ts): src/domain/framework-reasons.ts.
  ...frameworkReasons,
  // Round dates (deadlines.ts checkRoundDates): one reason per earlier date, params { field, other, date }.
  date_before_self_assessment_from: {
    code: 'validation_failed',
    vi: 'không được trước ngày bắt đầu tự đánh giá ({{date}})',
    en: 'must not be before selfAssessmentFrom ({{date}})',
  },
  date_before_self_assessment_to: {
    code: 'validation_failed',
    vi: 'không được trước ngày kết thúc tự đánh giá ({{date}})',
    en: 'must not be before selfAssessmentTo ({{date}})',
  },
  date_before_appraisal_to: { code: 'validation_failed', vi: 'không được trước hạn thẩm định ({{date}})', en: 'must not be before appraisalTo ({{date}})' },
  date_before_explanation_to: {
    code: 'validation_failed',
    vi: 'không được trước hạn giải trình ({{date}})',
    en: 'must not be before explanationTo ({{date}})',
  },
  // Points (points.ts, results.ts).
  not_points: {
    code: 'validation_failed',
    vi: '{{value}} không phải là số điểm hợp lệ (tối đa hai chữ số thập phân)',
    en: '{{value}} is not a number of points with at most two decimals',
  },
  criterion_score_outside_range: {
    code: 'validation_failed',
    vi: 'tiêu chí {{criterion}} có điểm {{score}}, ngoài khoảng 0–{{max}}',
    en: 'criterion {{criterion}}: score {{score}} is outside 0–{{max}}',
  },
  // Why a unit has no index (results' `problem`): the sentence around it says "no index".
  no_applicable_criteria: {
    code: 'validation_failed',
    vi: 'mọi tiêu chí tính vào điểm tối đa đều không áp dụng đối với đơn vị',
    en: 'every criterion counted in the maximum is not applicable to this unit',
  },
});
