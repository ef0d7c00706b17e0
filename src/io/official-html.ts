/**
 * The CSS every official document printed through Chromium shares (the PDF scorecard, the self-assessment report): A4
 * with the binding margin on the left, a serif font that carries Vietnamese, and the letterhead (agency | national title
 * with their short rules) above a right-aligned italic date line.
 */
export function officialDocumentCss(leftMarginMm: number): string {
  return `@page { size: A4; margin: 18mm 16mm 20mm ${leftMarginMm}mm; }
  * { box-sizing: border-box; }
  body { font-family: 'DejaVu Serif', 'Noto Serif', 'Times New Roman', serif; font-size: 10.5pt; color: #111; margin: 0; }
  .head { display: flex; justify-content: space-between; text-align: center; font-size: 10pt; }
  .head b { display: block; }
  .head .rule { width: 40%; margin: 2px auto 0; border-top: 1px solid #111; }
  .date { text-align: right; font-style: italic; font-size: 10pt; margin: 6px 0 14px; }`;
}
