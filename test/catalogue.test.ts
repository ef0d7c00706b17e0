import { describe, expect, it } from 'vitest';
import { CATALOGUE, describeIssue, localizeParam, messagesIn, REASON_GROUPS, reasonMessage } from '../src/catalogue.js';
import { ERROR_STATUS, fillMessage } from '../src/errors.js';
import { describeError } from '../src/cli/main.js';
import { AppError } from '../src/errors.js';

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('the message catalogue (src/catalogue.ts)', () => {
  it('defines every reason once, across all modules', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [group, reasons] of Object.entries(REASON_GROUPS)) {
      for (const reason of Object.keys(reasons)) {
        if (seen.has(reason)) twice.push(`${reason} (${seen.get(reason)} and ${group})`);
        else seen.set(reason, group);
      }
    }
    expect(twice).toEqual([]);
  });

  it('speaks Vietnamese and English for every reason, with the same parameters in both', () => {
    const broken: string[] = [];
    for (const [reason, { vi, en, code }] of Object.entries(CATALOGUE)) {
      if (!/^[a-z][a-z0-9_]*$/.test(reason)) broken.push(`${reason}: not a snake_case code`);
      if (!vi.trim() || !en.trim()) broken.push(`${reason}: empty text`);
      if (JSON.stringify(placeholders(vi)) !== JSON.stringify(placeholders(en))) broken.push(`${reason}: {{…}} differ between vi and en`);
      if (!(code in ERROR_STATUS)) broken.push(`${reason}: unknown HTTP code ${code}`);
    }
    expect(broken).toEqual([]);
  });

  it('titles every top-level error code', () => {
    const missing = Object.keys(ERROR_STATUS).filter((code) => !CATALOGUE[code]);
    expect(missing).toEqual([]);
    expect(messagesIn('vi').deadline_passed).toBe('Đã hết hạn');
  });

  it('fills parameters and maps schema issues to reasons', () => {
    expect(fillMessage('phải từ {{minimum}} trở lên', { minimum: 0 })).toBe('phải từ 0 trở lên');
    expect(fillMessage('{{a}} and {{b}}', { a: 1 })).toBe('1 and {{b}}');
    expect(describeIssue({ code: 'too_big', origin: 'string', maximum: 300 })).toEqual({
      code: 'too_long',
      params: { maximum: 300 },
      message: 'must have at most 300 characters',
    });
    expect(describeIssue({ code: 'too_small', origin: 'string', minimum: 1 })).toEqual({ code: 'required', message: 'is required' });
    expect(describeIssue({ code: 'too_small', origin: 'number', minimum: 1990 })).toEqual({
      code: 'number_too_small',
      params: { minimum: 1990 },
      message: 'must be at least 1990',
    });
    expect(describeIssue({ code: 'invalid_value', values: ['manual', 'survey'] })).toEqual({
      code: 'not_one_of',
      params: { values: 'manual, survey' },
      message: 'must be one of: manual, survey',
    });
    expect(reasonMessage('too_long', { maximum: 300 }, 'vi')).toBe('dài quá 300 ký tự');
  });

  it('writes decimal numbers and dates the Vietnamese way in Vietnamese, and leaves codes and quoted values alone', () => {
    expect(reasonMessage('score_out_of_range', { min: 0, max: '1.00' }, 'vi')).toBe('phải từ 0 đến 1,00');
    expect(reasonMessage('score_out_of_range', { min: 0, max: '1.00' }, 'en')).toBe('must be between 0 and 1.00');
    expect(localizeParam(2.5, 'vi', 'score')).toBe('2,5');
    expect(localizeParam(2026, 'vi', 'max')).toBe(2026);
    expect(localizeParam('2026-12-15', 'vi', 'until')).toBe('15/12/2026');
    expect(localizeParam('2026-12-15', 'en', 'until')).toBe('2026-12-15');
    // A code or a user's quoted value is not a number even when it looks like one.
    expect(localizeParam('2.10', 'vi', 'criterion')).toBe('2.10');
    expect(localizeParam('1.1', 'vi', 'parent')).toBe('1.1');
    expect(localizeParam('"1.5"', 'vi', 'max')).toBe('"1.5"');
    expect(localizeParam(true, 'vi', 'value')).toBe(true);
  });

  it('names a role in the language, not by its code', () => {
    expect(reasonMessage('role_may_not', { role: 'unit_officer' }, 'vi')).toBe('Vai trò cán bộ đơn vị không được thực hiện thao tác này');
    expect(reasonMessage('role_may_not', { role: 'unit_officer' }, 'en')).toBe('Role unit officer may not do this');
    expect(reasonMessage('unit_required_for_role', { role: 'unit_leader' }, 'vi')).toBe('bắt buộc với vai trò lãnh đạo đơn vị');
  });

  it('the CLI prints a reason in Vietnamese by default and in English on request, rows with their row and column', () => {
    const error = new AppError('import_rejected', 'Malformed rows: 1 error(s), nothing was written', {
      rows: [{ row: 4, column: 'name', code: 'too_long', params: { maximum: 300 }, message: 'must have at most 300 characters' }],
    });
    expect(describeError(error, 'vi').split('\n')).toEqual([
      'lỗi: Tệp nhập bị từ chối',
      '  dòng 4, cột name: dài quá 300 ký tự',
      '  (Malformed rows: 1 error(s), nothing was written)',
    ]);
    expect(describeError(error, 'en').split('\n')).toEqual([
      'error: Malformed rows: 1 error(s), nothing was written',
      '  row 4, column name: must have at most 300 characters',
    ]);
  });
});
