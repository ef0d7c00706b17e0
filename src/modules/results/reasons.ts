import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  // What the request names.
  assessment_round_not_found: {
    code: 'not_found',
    vi: 'Không tìm thấy đợt đánh giá năm {{year}} của khối {{block}}',
    en: 'Assessment round {{year}} {{block}} not found',
  },
  published_results_not_found: {
    code: 'not_found',
    vi: 'Chưa có kết quả công bố năm {{year}} của khối {{block}}',
    en: 'Published results {{year}} {{block}} not found',
  },
  unit_results_not_found: {
    code: 'not_found',
    vi: 'Không tìm thấy kết quả của đơn vị {{unit}} năm {{year}}, khối {{block}}',
    en: 'Results of unit {{unit}} in {{year}} {{block}} not found',
  },
  results_unit_not_found: {
    code: 'not_found',
    vi: 'Không tìm thấy đơn vị {{unit}} trong kết quả năm {{year}} của khối {{block}}',
    en: 'Unit {{unit}} in the {{year}} {{block}} results not found',
  },

  // Publication.
  publish_not_approved: {
    code: 'conflict',
    vi: 'Chỉ công bố được kết quả đã được Hội đồng thẩm định phê duyệt; đợt đánh giá này chưa được phê duyệt',
    en: 'Only approved results can be published; the council has not approved this round',
  },
  correction_reason_required: { code: 'validation_failed', vi: 'cần nêu lý do khi đính chính kết quả đã công bố', en: 'required for a correction' },

  // Scores import (past years): the file as a whole.
  scores_import_unknown_block: { code: 'validation_failed', vi: 'không có khối {{block}}', en: 'unknown block {{block}}' },
  scores_import_round_in_app: {
    code: 'conflict',
    vi: 'Đợt đánh giá năm {{year}} của khối {{block}} được thực hiện trên hệ thống; không thể thay điểm bằng tệp',
    en: 'The {{year}} {{block}} round is run in the app; its scores cannot be replaced from a file',
  },
  scores_import_published: {
    code: 'conflict',
    vi: 'Kết quả năm {{year}} của khối {{block}} đã công bố và không thể thay đổi; hãy công bố bản đính chính',
    en: 'The {{year}} {{block}} results are published and frozen; publish a correction instead',
  },
  scores_import_no_framework: {
    code: 'validation_failed',
    vi: 'chưa có bộ tiêu chí của năm và khối này; hãy nhập bộ tiêu chí trước',
    en: 'no framework for this year and block',
  },

  // Scores import: its rows.
  scores_unit_code_empty: { code: 'validation_failed', vi: 'chưa ghi mã đơn vị (unit_code)', en: 'unit_code is empty' },
  scores_unknown_unit: { code: 'validation_failed', vi: 'không có đơn vị {{unit}}', en: 'unknown unit {{unit}}' },
  scores_unit_not_in_block: {
    code: 'validation_failed',
    vi: 'đơn vị {{unit}} không thuộc khối {{block}} năm {{year}}',
    en: 'unit {{unit}} is not in block {{block}} in {{year}}',
  },
  scores_criterion_code_empty: { code: 'validation_failed', vi: 'chưa ghi mã tiêu chí (criterion_code)', en: 'criterion_code is empty' },
  scores_unknown_criterion: {
    code: 'validation_failed',
    vi: 'bộ tiêu chí năm {{year}} của khối {{block}} không có tiêu chí {{criterion}}',
    en: 'unknown criterion {{criterion}} in the {{year}} {{block}} framework',
  },
  scores_parent_criterion: {
    code: 'validation_failed',
    vi: 'tiêu chí {{criterion}} có tiêu chí thành phần; điểm phải ghi vào các tiêu chí thành phần',
    en: 'criterion {{criterion}} has sub-criteria; scores go on its sub-criteria',
  },
  scores_duplicate_row: {
    code: 'validation_failed',
    vi: 'đơn vị {{unit}} và tiêu chí {{criterion}} đã có ở dòng {{first}}',
    en: 'unit {{unit}} and criterion {{criterion}} already appear on row {{first}}',
  },
  scores_points_out_of_range: {
    code: 'validation_failed',
    vi: 'điểm {{value}} nằm ngoài khoảng 0–{{max}} của tiêu chí {{criterion}}',
    en: '{{value}} is outside 0–{{max}} for criterion {{criterion}}',
  },
  scores_not_points: { code: 'validation_failed', vi: '{{value}} không phải là số điểm', en: '{{value}} is not a number of points' },
  scores_not_yes_no: {
    code: 'validation_failed',
    vi: 'cột not_applicable chỉ nhận có hoặc không, không nhận {{value}}',
    en: 'not_applicable must be yes or no, not {{value}}',
  },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
