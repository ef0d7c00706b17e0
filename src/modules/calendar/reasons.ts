import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why this module refuses a request: each reason in Vietnamese and English (see src/catalogue.ts). */
export const reasons = defineReasons({
  calendar_year_out_of_range: { code: 'validation_failed', vi: 'năm phải từ {{min}} đến {{max}}', en: 'year must be from {{min}} to {{max}}' },
  calendar_date_year_out_of_range: { code: 'validation_failed', vi: 'năm phải từ {{min}} đến {{max}}', en: 'the year must be from {{min}} to {{max}}' },
  calendar_date_cell_year_out_of_range: {
    code: 'validation_failed',
    vi: '{{date}}: năm phải từ {{min}} đến {{max}}',
    en: '{{date}}: the year must be from {{min}} to {{max}}',
  },
  not_a_date_value: { code: 'validation_failed', vi: '{{value}} không phải là ngày (YYYY-MM-DD)', en: '{{value}} is not a date (YYYY-MM-DD)' },
  not_a_calendar_date: { code: 'validation_failed', vi: '{{value}} không phải là ngày có thật trên lịch', en: '{{value}} is not a calendar date' },
  calendar_cell_not_a_date: {
    code: 'validation_failed',
    vi: '{{value}} không phải là ngày (YYYY-MM-DD hoặc DD/MM/YYYY)',
    en: '{{value}} is not a date (YYYY-MM-DD or DD/MM/YYYY)',
  },
  range_dates_reversed: {
    code: 'validation_failed',
    vi: 'ngày bắt đầu ({{from}}) sau ngày kết thúc ({{to}})',
    en: 'the range starts ({{from}}) after it ends ({{to}})',
  },
  range_too_long: {
    code: 'validation_failed',
    vi: 'khoảng {{from}}..{{to}} có {{days}} ngày; tối đa {{maximum}} ngày',
    en: 'the range {{from}}..{{to}} has {{days}} days; at most {{maximum}}',
  },
  // A make-up working day on Monday–Friday: one reason per weekday, so each language names the day in its own words.
  makeup_workday_on_monday: {
    code: 'validation_failed',
    vi: '{{date}} là thứ Hai, vốn đã là ngày làm việc; ngày làm bù phải là thứ Bảy hoặc Chủ nhật',
    en: '{{date}} is a Monday, already a working day; a make-up working day must be a Saturday or Sunday',
  },
  makeup_workday_on_tuesday: {
    code: 'validation_failed',
    vi: '{{date}} là thứ Ba, vốn đã là ngày làm việc; ngày làm bù phải là thứ Bảy hoặc Chủ nhật',
    en: '{{date}} is a Tuesday, already a working day; a make-up working day must be a Saturday or Sunday',
  },
  makeup_workday_on_wednesday: {
    code: 'validation_failed',
    vi: '{{date}} là thứ Tư, vốn đã là ngày làm việc; ngày làm bù phải là thứ Bảy hoặc Chủ nhật',
    en: '{{date}} is a Wednesday, already a working day; a make-up working day must be a Saturday or Sunday',
  },
  makeup_workday_on_thursday: {
    code: 'validation_failed',
    vi: '{{date}} là thứ Năm, vốn đã là ngày làm việc; ngày làm bù phải là thứ Bảy hoặc Chủ nhật',
    en: '{{date}} is a Thursday, already a working day; a make-up working day must be a Saturday or Sunday',
  },
  makeup_workday_on_friday: {
    code: 'validation_failed',
    vi: '{{date}} là thứ Sáu, vốn đã là ngày làm việc; ngày làm bù phải là thứ Bảy hoặc Chủ nhật',
    en: '{{date}} is a Friday, already a working day; a make-up working day must be a Saturday or Sunday',
  },
  not_working_day: {
    code: 'validation_failed',
    vi: '{{date}} không phải là ngày làm việc (cuối tuần hoặc ngày lễ)',
    en: '{{date}} is not a working day (weekend or holiday)',
  },
  calendar_day_not_found: { code: 'not_found', vi: 'Không tìm thấy ngày {{date}} trong lịch', en: 'Calendar day {{date}} not found' },
  calendar_days_not_found: {
    code: 'not_found',
    vi: 'Không có ngày nào được cấu hình từ {{from}} đến {{to}}',
    en: 'Calendar days from {{from}} to {{to}} not found',
  },
  // Rows of a calendar file.
  calendar_file_needs_date_columns: {
    code: 'import_rejected',
    vi: 'tệp cần có cột "date", hoặc hai cột "date_from" và "date_to"',
    en: 'the file needs a column "date", or the columns "date_from" and "date_to"',
  },
  calendar_cell_empty: { code: 'import_rejected', vi: '{{column}} đang để trống', en: '{{column}} is empty' },
  calendar_date_and_range: {
    code: 'import_rejected',
    vi: 'chỉ ghi date, hoặc date_from và date_to, không ghi cả hai',
    en: 'give either date or date_from and date_to, not both',
  },
  calendar_kind_unknown: {
    code: 'import_rejected',
    vi: 'loại ngày {{value}} không hợp lệ; dùng holiday (nghỉ lễ) hoặc workday (làm bù)',
    en: 'unknown kind {{value}}; use holiday or workday',
  },
  calendar_kind_empty: {
    code: 'import_rejected',
    vi: 'loại ngày đang để trống; dùng holiday (nghỉ lễ) hoặc workday (làm bù)',
    en: 'kind is empty; use holiday or workday',
  },
  calendar_day_repeated: { code: 'import_rejected', vi: 'ngày {{date}} đã có ở dòng {{row}}', en: '{{date}} is already given on row {{row}}' },
});

export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
