import type { FormulaVariable } from './formula.js';

/**
 * What each formula variable means, in Vietnamese and English: the one map the web shows beside a formula (sheet,
 * drill-down, framework view and editor). Keyed by the variable's name in FORMULA_VARIABLES (formula.ts), so a new
 * variable without its labels fails the type check. Pure data: the web imports it at run time.
 */
export const FORMULA_VARIABLE_LABELS: Record<FormulaVariable, { vi: string; en: string }> = {
  onTimeRate: { vi: 'Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (%)', en: 'Share of dossiers resolved early or on time (%)' },
  onlineShare: { vi: 'Tỷ lệ hồ sơ tiếp nhận trực tuyến (%)', en: 'Share of dossiers received online (%)' },
  fullyOnlineProcedureShare: { vi: 'Tỷ lệ thủ tục cung cấp dịch vụ công trực tuyến toàn trình (%)', en: 'Share of procedures offered fully online (%)' },
  lateWithoutLetter: { vi: 'Số hồ sơ trễ hạn chưa có phiếu xin lỗi', en: 'Late dossiers without an apology letter (count)' },
  planTaskCompletionRate: { vi: 'Tỷ lệ nhiệm vụ kế hoạch CCHC hoàn thành (%)', en: 'Share of reform plan tasks completed (%)' },
  requiredPlansIssuedRate: { vi: 'Tỷ lệ kế hoạch bắt buộc đã ban hành (%)', en: 'Share of the required plans issued (%)' },
  plansIssuedLate: { vi: 'Số kế hoạch bắt buộc ban hành trễ hạn', en: 'Required plans issued late (count)' },
  surveyIndex: { vi: 'Chỉ số hài lòng (SIPAS) (%)', en: 'Satisfaction (SIPAS) index (%)' },
  remediationOverdue: { vi: 'Số việc khắc phục sau kiểm tra quá hạn', en: 'Remediation items after inspection overdue (count)' },
  reportsOnTimeRate: { vi: 'Tỷ lệ báo cáo định kỳ nộp đúng hạn (%)', en: 'Share of periodic reports submitted on time (%)' },
  legalDocumentsIssued: { vi: 'Số văn bản QPPL ban hành', en: 'Legal documents issued (count)' },
  legalDocumentsAmended: { vi: 'Số văn bản QPPL sửa đổi, bổ sung', en: 'Legal documents amended (count)' },
  legalDocumentsRepealProposed: { vi: 'Số văn bản QPPL đề nghị bãi bỏ', en: 'Legal documents proposed for repeal (count)' },
  proceduresProposedAbolished: { vi: 'Số TTHC đề nghị bãi bỏ', en: 'Procedures proposed to abolish (count)' },
  proceduresProposedSimplified: { vi: 'Số TTHC đề nghị đơn giản hóa', en: 'Procedures proposed to simplify (count)' },
  trainingCourses: { vi: 'Số lớp đào tạo, bồi dưỡng', en: 'Training courses (count)' },
  trainingParticipants: { vi: 'Số lượt người tham gia đào tạo, bồi dưỡng', en: 'Training participants (count)' },
  contests: { vi: 'Số hội thi về CCHC', en: 'Reform contests (count)' },
  contestParticipants: { vi: 'Số lượt người tham gia hội thi', en: 'Contest participants (count)' },
  knowledgeTestParticipants: { vi: 'Số người tham gia kiểm tra, sát hạch kiến thức', en: 'Knowledge test participants (count)' },
  knowledgeTestPassed: { vi: 'Số người đạt kiểm tra, sát hạch kiến thức', en: 'Knowledge test passed (count)' },
  isoApplied: { vi: 'Đã công bố/duy trì hệ thống ISO 9001 (1 = có, 0 = không)', en: 'ISO 9001 system announced or maintained (1 or 0)' },
  isoInternalAudits: { vi: 'Số lần đánh giá nội bộ ISO 9001', en: 'ISO 9001 internal audits (count)' },
  maxPoints: { vi: 'Điểm tối đa của tiêu chí', en: "The criterion's maximum points" },
};

const isVariable = (name: string): name is FormulaVariable => Object.hasOwn(FORMULA_VARIABLE_LABELS, name);

/** The label of a variable in a language; an unknown name is returned as it is. */
export function formulaVariableLabel(name: string, lang: 'vi' | 'en' | string): string {
  return isVariable(name) ? FORMULA_VARIABLE_LABELS[name][lang === 'en' ? 'en' : 'vi'] : name;
}

/** The known variables a formula's text uses, in order of first use (names inside the text, not parsed). */
export function formulaVariablesIn(formula: string | null | undefined): FormulaVariable[] {
  const found: FormulaVariable[] = [];
  for (const match of (formula ?? '').matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const name = match[0];
    if (isVariable(name) && !found.includes(name)) found.push(name);
  }
  return found;
}
