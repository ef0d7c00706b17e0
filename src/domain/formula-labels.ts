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
