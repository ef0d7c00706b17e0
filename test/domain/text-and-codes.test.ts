import { describe, expect, it } from 'vitest';
import { isValidCode, normalizeCode } from '../../src/domain/codes.js';
import { localYear } from '../../src/domain/local-time.js';
import { foldVietnamese, matchesSearch } from '../../src/domain/text.js';

describe('foldVietnamese', () => {
  it.each([
    ['Sở Nội vụ', 'so noi vu'],
    ['ĐỒNG THÁP', 'dong thap'],
    ['Xã  Hòa   Bình', 'xa hoa binh'],
    ['Phường Hải Châu', 'phuong hai chau'],
    ['Ủy ban nhân dân', 'uy ban nhan dan'],
    ['Sở Lao động - Thương binh và Xã hội', 'so lao dong - thuong binh va xa hoi'],
  ])('%s → %s', (input, folded) => {
    expect(foldVietnamese(input)).toBe(folded);
  });

  it('folds precomposed and decomposed forms alike', () => {
    const precomposed = 'Thủy';
    const decomposed = precomposed.normalize('NFD');
    expect(decomposed).not.toBe(precomposed);
    expect(foldVietnamese(decomposed)).toBe(foldVietnamese(precomposed));
  });

  it('matches every word of the query, in any order, without diacritics', () => {
    expect(matchesSearch('Sở Tài nguyên và Môi trường', 'moi truong tai')).toBe(true);
    expect(matchesSearch('Sở Tài nguyên và Môi trường', 'moi truong xay')).toBe(false);
    expect(matchesSearch('Xã Đồng Tâm', 'DONG')).toBe(true);
    expect(matchesSearch('Xã Đồng Tâm', '')).toBe(true);
  });
});

describe('codes', () => {
  it('normalizes to upper case and validates the allowed characters', () => {
    expect(normalizeCode(' snv ')).toBe('SNV');
    expect(isValidCode('h_an-phu.1')).toBe(true);
    expect(isValidCode('X 1')).toBe(false);
    expect(isValidCode('Đ1')).toBe(false);
    expect(isValidCode('_X')).toBe(false);
    expect(isValidCode('A'.repeat(32))).toBe(true);
    expect(isValidCode('A'.repeat(33))).toBe(false);
  });
});

describe('localYear', () => {
  it('uses the Asia/Ho_Chi_Minh calendar (UTC+7)', () => {
    expect(localYear(new Date('2025-12-31T16:59:59Z'))).toBe(2025);
    expect(localYear(new Date('2025-12-31T17:00:00Z'))).toBe(2026);
  });
});
