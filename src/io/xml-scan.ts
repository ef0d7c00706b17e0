import { TableFileError } from './limits.js';
import { ioText } from './reasons.js';

/**
 * A streaming scanner for the small part of XML that SpreadsheetML needs: start and end tags with their raw attribute
 * text, and text — handed over only while the listener asks for it (`capturing`), so text nobody wants (a 300 MB
 * string in an element we skip) is never built. A tag is at most MAX_TAG characters. No DTD, no entity definitions:
 * the five predefined entities and character references are decoded by `decodeXml`.
 */

export interface XmlListener {
  capturing: boolean;
  open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void;
  text(raw: string): void;
}

const MAX_TAG = 64 * 1024;

const localName = (qualified: string) => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
};

export class XmlScanner {
  private pending = '';

  constructor(
    private readonly listener: XmlListener,
    private readonly where: () => { row: number; column?: string },
  ) {}

  private fail(reason: 'xlsx_tag_too_long' | 'xlsx_xml_cut_off' | 'xlsx_doctype' | 'xlsx_unexpected_markup'): never {
    const { row, column } = this.where();
    throw new TableFileError(row, ioText(reason), column);
  }

  write(chunk: string): void {
    const s = this.pending === '' ? chunk : this.pending + chunk;
    this.pending = '';
    const n = s.length;
    const l = this.listener;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        if (l.capturing) l.text(s.slice(i));
        return;
      }
      if (lt > i && l.capturing) l.text(s.slice(i, lt));
      i = lt;
      const next = s.charCodeAt(i + 1);
      if (next === 33 /* ! */ || next === 63 /* ? */ || Number.isNaN(next)) {
        const end = this.special(s, i);
        if (end < 0) break;
        i = end;
        continue;
      }
      const gt = tagEnd(s, i);
      if (gt < 0) break;
      let close = false;
      let from = i + 1;
      if (next === 47 /* / */) {
        close = true;
        from++;
      }
      let to = gt;
      const selfClosing = !close && s.charCodeAt(gt - 1) === 47;
      if (selfClosing) to--;
      let nameEnd = from;
      while (nameEnd < to) {
        const c = s.charCodeAt(nameEnd);
        if (c === 32 || c === 9 || c === 10 || c === 13) break;
        nameEnd++;
      }
      const name = localName(s.slice(from, nameEnd));
      if (close) l.close(name);
      else {
        l.open(name, nameEnd < to ? s.slice(nameEnd, to) : '', selfClosing);
        if (selfClosing) l.close(name);
      }
      i = gt + 1;
    }
    if (i < n) {
      if (n - i > MAX_TAG) this.fail('xlsx_tag_too_long');
      this.pending = s.slice(i);
    }
  }

  end(): void {
    if (this.pending.trim() !== '') this.fail('xlsx_xml_cut_off');
  }

  /** Comments, processing instructions and CDATA from `i` (at '<'); returns the index after it, or -1 if incomplete. */
  private special(s: string, i: number): number {
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i + 9);
      if (end < 0) return -1;
      if (this.listener.capturing)
        this.listener.text(
          s
            .slice(i + 9, end)
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;'),
        );
      return end + 3;
    }
    if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (s.length - i < 9) return -1;
    this.fail(s.startsWith('<!DOCTYPE', i) ? 'xlsx_doctype' : 'xlsx_unexpected_markup');
  }
}

/** The '>' closing the tag that starts at `i`, skipping '>' inside quoted attribute values; -1 if not in `s` yet. */
function tagEnd(s: string, i: number): number {
  let gt = s.indexOf('>', i);
  if (gt < 0) return -1;
  // The common case: no quote, or balanced double quotes only.
  const segment = s.slice(i, gt);
  if (!segment.includes("'") && countOf(segment, '"') % 2 === 0) return gt;
  let quote = 0;
  for (let k = i + 1; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return k;
  }
  gt = -1;
  return gt;
}

function countOf(s: string, ch: string): number {
  let n = 0;
  for (let k = s.indexOf(ch); k >= 0; k = s.indexOf(ch, k + 1)) n++;
  return n;
}

const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(ENTITY, (whole, body: string) => {
    if (body.charCodeAt(0) !== 35) return NAMED[body] ?? whole;
    const code = body.charCodeAt(1) === 120 ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The value of attribute `name` in raw attribute text (decoded), or undefined. */
export function attribute(attributes: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = attributes.indexOf(name, from);
    if (at < 0) return undefined;
    from = at + name.length;
    const before = attributes.charCodeAt(at - 1);
    if (at > 0 && before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    let k = from;
    while (attributes.charCodeAt(k) === 32) k++;
    if (attributes.charCodeAt(k) !== 61 /* = */) continue;
    k++;
    while (attributes.charCodeAt(k) === 32) k++;
    const quote = attributes[k];
    if (quote !== '"' && quote !== "'") return undefined;
    const end = attributes.indexOf(quote, k + 1);
    if (end < 0) return undefined;
    return decodeXml(attributes.slice(k + 1, end));
  }
}
