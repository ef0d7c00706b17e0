import { describe, expect, it } from 'vitest';
import { copyText, CopyTextEncoder } from '../../src/db/copy.js';

/** PostgreSQL's COPY text format, written by hand: values separated by tabs, rows ended by \n, null as \N. */
describe('CopyTextEncoder', () => {
  const encode = (fill: (e: CopyTextEncoder) => void) => {
    // A tiny first buffer, so that growing it is exercised too.
    const e = new CopyTextEncoder(8);
    fill(e);
    return e.take().toString('utf8');
  };

  it('writes integers of every size exactly, including the halves of epoch milliseconds', () => {
    const values = [
      0, 7, 10, 99, 2_147_483_647, 2_147_483_648, 100_000_000, 1_700_000_000_000, 1_742_115_600_001, 1_000_000_000_000_005, -1, -2_147_483_649,
      -1_742_115_600_000,
    ];
    const expected = [
      '0',
      '7',
      '10',
      '99',
      '2147483647',
      '2147483648',
      '100000000',
      '1700000000000',
      '1742115600001',
      '1000000000000005',
      '-1',
      '-2147483649',
      '-1742115600000',
    ];
    expect(encode((e) => values.forEach((v) => e.int(v)))).toBe(`${expected.join('\t')}`);
    for (const v of values) expect(encode((e) => e.int(v))).toBe(String(v));
  });

  it('writes text as UTF-8 and escapes backslash, tab, newline and carriage return; null is \\N', () => {
    const text = encode((e) => {
      e.text('HS-000123').text('Hộ tịch').text('a\\b\tc\nd\re').text(null).text('').bool(true).bool(false).int(null);
      e.endRow();
      e.text('x').endRow();
    });
    expect(text).toBe('HS-000123\tHộ tịch\ta\\\\b\\tc\\nd\\re\t\\N\t\tt\tf\t\\N\nx\n');
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('hands over what was written and starts afresh', () => {
    const e = new CopyTextEncoder(4);
    e.int(1).text('ab').endRow();
    expect(e.length).toBe(5);
    expect(e.take().toString()).toBe('1\tab\n');
    expect(e.length).toBe(0);
    e.int(2).endRow();
    expect(e.take().toString()).toBe('2\n');
  });
});
