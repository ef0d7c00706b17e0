import { defineReasons } from '../errors.js';

/**
 * Reasons of the framework rules (src/domain/framework.ts) and of formulas (src/domain/formula.ts), in Vietnamese
 * and English; part of the domain group of the catalogue (src/domain/reasons.ts spreads them in). Each is a
 * `validation_failed` issue: the editor shows it beside its criterion, an import beside its row.
 */
export const frameworkReasons = defineReasons({
  // The criteria of a framework.
  framework_no_criteria: { code: 'validation_failed', vi: 'bộ tiêu chí phải có ít nhất một tiêu chí', en: 'a framework needs at least one criterion' },
  criterion_code_not_dotted: {
    code: 'validation_failed',
    vi: 'mã {{value}} không đúng dạng mã phân cấp như 1, 1.2 hoặc 1.2.3',
    en: '{{value}} is not a dotted code such as 1, 1.2 or 1.2.3',
  },
  criterion_code_twice: { code: 'validation_failed', vi: 'mã tiêu chí {{code}} bị trùng (xuất hiện hai lần)', en: 'code {{code}} appears twice' },
  criterion_title_empty: { code: 'validation_failed', vi: 'chưa nhập tên tiêu chí', en: 'title is empty' },
  criterion_points_negative: { code: 'validation_failed', vi: 'điểm tối đa không được là số âm', en: 'max points cannot be negative' },
  criterion_parent_missing: { code: 'validation_failed', vi: 'không có tiêu chí cấp trên {{parent}}', en: 'parent criterion {{parent}} is missing' },
  criterion_appraiser_unknown: { code: 'validation_failed', vi: 'không có đơn vị thẩm định mã {{unit}}', en: 'unknown appraising unit {{unit}}' },
  criterion_under_survey: {
    code: 'validation_failed',
    vi: 'tiêu chí thành phần của tiêu chí điều tra xã hội học cũng phải là điều tra xã hội học (survey)',
    en: 'a criterion under a survey criterion must be survey too',
  },
  criterion_under_bonus: {
    code: 'validation_failed',
    vi: 'tiêu chí thành phần của tiêu chí điểm thưởng cũng phải là điểm thưởng (bonus)',
    en: 'a criterion under a bonus criterion must be bonus too',
  },
  criterion_under_penalty: {
    code: 'validation_failed',
    vi: 'tiêu chí thành phần của tiêu chí điểm trừ cũng phải là điểm trừ (penalty)',
    en: 'a criterion under a penalty criterion must be penalty too',
  },
  criterion_points_not_sum: {
    code: 'validation_failed',
    vi: 'điểm tối đa {{max}} khác tổng điểm tối đa của các tiêu chí thành phần ({{sum}})',
    en: 'max points {{max}} differ from the sum of its sub-criteria, {{sum}}',
  },
  criterion_formula_on_parent: {
    code: 'validation_failed',
    vi: 'chỉ tiêu chí không có tiêu chí thành phần mới được đặt công thức',
    en: 'only a criterion without sub-criteria can have a formula',
  },
  criterion_formula_missing: { code: 'validation_failed', vi: 'tiêu chí tính theo công thức phải có công thức', en: 'a formula criterion needs a formula' },
  criterion_formula_on_manual: {
    code: 'validation_failed',
    vi: 'tiêu chí tự chấm không có công thức; muốn dùng công thức hãy chọn phương thức “Công thức” (formula)',
    en: 'a manual criterion has no formula; set method to formula',
  },
  criterion_formula_on_survey: {
    code: 'validation_failed',
    vi: 'tiêu chí điều tra xã hội học không có công thức; muốn dùng công thức hãy chọn phương thức “Công thức” (formula)',
    en: 'a survey criterion has no formula; set method to formula',
  },
  criterion_formula_on_bonus: {
    code: 'validation_failed',
    vi: 'tiêu chí điểm thưởng không có công thức; muốn dùng công thức hãy chọn phương thức “Công thức” (formula)',
    en: 'a bonus criterion has no formula; set method to formula',
  },
  criterion_formula_on_penalty: {
    code: 'validation_failed',
    vi: 'tiêu chí điểm trừ không có công thức; muốn dùng công thức hãy chọn phương thức “Công thức” (formula)',
    en: 'a penalty criterion has no formula; set method to formula',
  },

  // A survey criterion's link to a campaign (docs/frameworks.md "Survey criteria").
  criterion_survey_link_on_parent: {
    code: 'validation_failed',
    vi: 'chỉ tiêu chí không có tiêu chí thành phần mới được gắn với đợt khảo sát',
    en: 'only a criterion without sub-criteria can be linked to a survey campaign',
  },
  criterion_survey_link_not_survey: {
    code: 'validation_failed',
    vi: 'chỉ tiêu chí phương thức khảo sát (survey) mới được gắn với đợt khảo sát; tiêu chí này có phương thức {{method}}',
    en: 'only a survey criterion can be linked to a survey campaign; this one is {{method}}',
  },
  criterion_survey_full_invalid: {
    code: 'validation_failed',
    vi: 'quy đổi tuyến tính: mức đạt điểm tối đa phải lớn hơn 0',
    en: 'linear mapping: the value that earns the maximum must be above 0',
  },
  criterion_survey_no_bands: { code: 'validation_failed', vi: 'quy đổi theo mức: chưa có mức nào', en: 'band mapping: no band is given' },
  criterion_survey_band_over_max: {
    code: 'validation_failed',
    vi: 'quy đổi theo mức: {{points}} điểm vượt quá điểm tối đa {{max}} của tiêu chí',
    en: 'band mapping: {{points}} points exceed the criterion maximum {{max}}',
  },

  // Class bands (xếp loại).
  class_label_empty: { code: 'validation_failed', vi: 'chưa nhập tên mức xếp loại', en: 'class label is empty' },
  class_min_invalid: {
    code: 'validation_failed',
    vi: 'ngưỡng dưới của mức xếp loại phải là chỉ số từ 0 đến 100, tối đa hai chữ số thập phân',
    en: 'class minimum must be an index from 0 to 100 with at most two decimals',
  },
  class_bands_not_descending: {
    code: 'validation_failed',
    vi: 'các mức xếp loại phải được liệt kê theo ngưỡng dưới giảm dần',
    en: 'class bands must be listed from the highest minimum down',
  },
  class_bands_missing: { code: 'validation_failed', vi: 'bộ tiêu chí phải có các mức xếp loại', en: 'a framework needs class bands' },
  class_lowest_not_zero: {
    code: 'validation_failed',
    vi: 'mức xếp loại thấp nhất phải bắt đầu từ 0 để đơn vị nào cũng được xếp loại',
    en: 'the lowest class band must start at 0 so every unit gets a class',
  },

  // Formulas (công thức).
  formula_only_numbers: { code: 'validation_failed', vi: 'công thức chỉ được dùng số, không dùng {{value}}', en: 'only numbers are allowed, not {{value}}' },
  formula_operator_not_allowed: { code: 'validation_failed', vi: 'công thức không được dùng toán tử {{operator}}', en: 'operator {{operator}} is not allowed' },
  formula_functions_only: {
    code: 'validation_failed',
    vi: 'công thức chỉ được dùng các hàm {{functions}}',
    en: 'only the functions {{functions}} are allowed',
  },
  formula_function_no_arguments: { code: 'validation_failed', vi: 'hàm {{name}}() cần có đối số', en: '{{name}}() needs arguments' },
  formula_construct_not_allowed: {
    code: 'validation_failed',
    vi: 'công thức không được dùng cấu trúc {{construct}}',
    en: '{{construct}} is not allowed in a formula',
  },
  formula_comparison_as_number: {
    code: 'validation_failed',
    vi: 'công thức dùng một phép so sánh ở chỗ cần một số',
    en: 'a comparison is used where a number is expected',
  },
  formula_division_by_zero: { code: 'validation_failed', vi: 'công thức chia cho 0', en: 'division by zero' },
  formula_unreadable: {
    code: 'validation_failed',
    vi: 'không đọc được công thức: lỗi ở ký tự thứ {{position}}, gần {{near}}',
    en: 'cannot read the formula at character {{position}}, near {{near}}',
  },
  formula_incomplete: {
    code: 'validation_failed',
    vi: 'không đọc được công thức: công thức chưa viết hết',
    en: 'cannot read the formula: it ends before the expression is complete',
  },
  formula_unknown_variable: {
    code: 'validation_failed',
    vi: 'công thức dùng biến không có: {{variables}}; các biến được dùng: {{known}}',
    en: 'unknown variable {{variables}}; known: {{known}}',
  },
  formula_no_value: { code: 'validation_failed', vi: 'biến {{name}} chưa có giá trị', en: 'no value for {{name}}' },

  // A formula criterion evaluated for a unit (indicators.ts): why it has no computed value, why a unit has no index.
  formula_variable_no_dossier_data: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: chưa nhập hồ sơ của năm cho các đơn vị này',
    en: '{{variable}} has no value: no dossier of the year has been imported for these units',
  },
  formula_variable_no_resolved_dossiers: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: đơn vị không giải quyết hồ sơ nào trong năm',
    en: '{{variable}} has no value: the unit resolved no dossier in the year',
  },
  formula_variable_no_received_dossiers: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: đơn vị không tiếp nhận hồ sơ nào trong năm',
    en: '{{variable}} has no value: the unit received no dossier in the year',
  },
  formula_variable_no_published_procedures: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: đơn vị không có thủ tục nào được công khai',
    en: '{{variable}} has no value: the unit has no published procedure',
  },
  formula_variable_no_source: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: nền tảng chưa quản lý dữ liệu này',
    en: '{{variable}} has no value: the platform does not hold this data yet',
  },
  // A survey criterion computed for a unit (results): why it has no value, so the criterion is not applicable.
  survey_source_campaign_missing: {
    code: 'validation_failed',
    vi: 'không có đợt khảo sát {{campaign}}',
    en: 'there is no survey campaign {{campaign}}',
  },
  survey_source_unit_not_covered: {
    code: 'validation_failed',
    vi: 'đơn vị không thuộc đợt khảo sát {{campaign}}',
    en: 'the unit is not part of survey campaign {{campaign}}',
  },
  survey_source_no_responses: {
    code: 'validation_failed',
    vi: 'đơn vị chưa có phiếu khảo sát nào đã gửi trong đợt {{campaign}}',
    en: 'the unit has no submitted response in survey campaign {{campaign}}',
  },
  survey_source_no_value: {
    code: 'validation_failed',
    vi: 'các phiếu của đợt {{campaign}} không có câu trả lời để tính {{measure}}',
    en: 'the responses of campaign {{campaign}} have no answer to compute {{measure}} from',
  },
  formula_variable_no_plan_tasks: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: đơn vị chưa có nhiệm vụ kế hoạch CCHC nào được tính (nhiệm vụ đã hủy không tính)',
    en: '{{variable}} has no value: the unit has no counted reform plan task (cancelled tasks do not count)',
  },
  formula_variable_no_required_plans: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: Sở Nội vụ chưa quy định kế hoạch bắt buộc cho khối của đơn vị trong năm',
    en: "{{variable}} has no value: no required plan is set for the unit's block in the year",
  },
  formula_variable_no_inspection: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: đơn vị chưa được kiểm tra CCHC trong năm',
    en: '{{variable}} has no value: the unit was not inspected in the year',
  },
  formula_variable_no_reports_due: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: chưa có kỳ báo cáo định kỳ nào đến hạn trong năm',
    en: '{{variable}} has no value: no periodic report of the year is due yet',
  },
  formula_variable_no_register_data: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: chưa đơn vị nào nhập sổ theo dõi này trong năm',
    en: '{{variable}} has no value: no unit has entered this register for the year',
  },
  formula_variable_no_survey: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: không có đợt khảo sát SIPAS nào của năm khảo sát đơn vị',
    en: '{{variable}} has no value: no SIPAS campaign of the year surveys the unit',
  },
  formula_variable_several_surveys: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: đơn vị thuộc nhiều đợt khảo sát SIPAS của năm, không rõ lấy đợt nào (hãy dùng tiêu chí khảo sát gắn với một đợt)',
    en: '{{variable}} has no value: several SIPAS campaigns of the year survey the unit (use a survey criterion linked to one campaign)',
  },
  formula_variable_no_survey_responses: {
    code: 'validation_failed',
    vi: '{{variable}} chưa có số liệu: đơn vị chưa có phiếu SIPAS nào trả lời câu hỏi về mức độ hài lòng',
    en: '{{variable}} has no value: no SIPAS response of the unit answers a satisfaction question',
  },
  criterion_formula_not_computed: {
    code: 'validation_failed',
    vi: 'tiêu chí {{criterion}} không tính được điểm theo công thức',
    en: 'criterion {{criterion}}: the formula gives no value',
  },
});

export type FrameworkReason = keyof typeof frameworkReasons;
