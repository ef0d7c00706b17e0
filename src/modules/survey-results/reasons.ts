import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why the results of a campaign refuse a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  survey_results_unit_not_found: {
    code: 'not_found',
    vi: 'Không có kết quả của đơn vị {{unit}} trong đợt khảo sát {{campaign}}',
    en: 'No results of unit {{unit}} in survey campaign {{campaign}}',
  },
  survey_results_account_without_unit: {
    code: 'forbidden',
    vi: 'Tài khoản của bạn chưa gắn với đơn vị nào',
    en: 'Your account is not bound to a unit',
  },
  survey_results_question_not_text: {
    code: 'validation_failed',
    vi: 'câu hỏi {{question}} không phải câu hỏi trả lời tự do trong phiếu',
    en: 'question {{question}} is not a free-text question of the form',
  },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
