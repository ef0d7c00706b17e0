import { NATIONAL_MOTTO, NATIONAL_TITLE } from '../../../io/docx.js';
import { escapeHtml } from '../../results/documents/format.js';
import type { SelfAssessmentContent } from './content.js';
import { reportTexts } from './texts.js';
import { officialDocumentCss } from '../../../io/official-html.js';

/** The self-assessment report as a self-contained HTML page (no scripts, no external resources), printed to PDF. */
export function selfAssessmentHtml(content: SelfAssessmentContent, generatedAt: Date): string {
  const t = reportTexts(content, generatedAt);
  const e = escapeHtml;
  const rows = t.tableRows
    .map(
      (r) =>
        `<tr class="${r.bold ? 'sum' : ''}"><td>${e(r.code)}</td><td class="l" style="padding-left:${4 + 10 * r.depth}px">${e(r.title)}</td>` +
        `<td>${e(r.max)}</td><td>${e(r.score)}</td><td class="l notes">${r.notes.map(e).join('<br>')}</td><td>${e(r.evidence)}</td></tr>`,
    )
    .join('');
  const list = (lines: string[]) => `<ul>${lines.map((line) => `<li>${e(line)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${e(`${t.title} – ${content.unitName}`)}</title>
<style>
  ${officialDocumentCss(25)}
  .draft { text-align: right; font-weight: bold; color: #a00; font-size: 10pt; margin: 0 0 2mm; }
  h1 { text-align: center; font-size: 14pt; margin: 8px 0 0; }
  h2 { text-align: center; font-size: 13pt; margin: 0 0 4px; }
  .meta { text-align: center; margin: 0 0 10px; }
  h3 { font-size: 11pt; margin: 14px 0 6px; }
  table.c { width: 100%; border-collapse: collapse; font-size: 9pt; }
  table.c th, table.c td { border: 1px solid #555; padding: 2px 4px; text-align: center; vertical-align: middle; }
  table.c th { background: #e7e6e6; }
  table.c thead { display: table-header-group; }
  table.c tr { page-break-inside: avoid; }
  td.l { text-align: left !important; }
  td.notes { font-size: 8.5pt; font-style: italic; }
  tr.sum td { font-weight: bold; background: #f5f5f5; }
  tr.total td { font-weight: bold; }
  ul { margin: 0; padding-left: 22px; }
  li { margin: 2px 0; text-align: justify; }
  .sign { display: flex; justify-content: space-between; margin-top: 24px; page-break-inside: avoid; }
  .sign .to { width: 45%; font-size: 9.5pt; }
  .sign .to b { font-style: italic; }
  .sign .who { width: 50%; text-align: center; }
  .sign .who b { display: block; margin-top: 4px; }
  .sign .space { height: 80px; }
</style></head>
<body>
  ${content.submittedAt ? '' : '<div class="draft">DỰ THẢO</div>'}
  <div class="head">
    <div style="width:42%">${t.issuer.map((line) => `<b>${e(line.toUpperCase())}</b>`).join('')}<div class="rule"></div></div>
    <div style="width:58%"><b>${NATIONAL_TITLE}</b><b>${NATIONAL_MOTTO}</b><div class="rule"></div></div>
  </div>
  <div class="date">${e(t.dateLine)}</div>
  <h1>${e(t.title)}</h1>
  <h2>${e(t.subtitle)}</h2>
  <p class="meta">${e(t.unitLine)}<br><i>${e(t.statusLine)}</i></p>
  <h3>${e(t.sections.criteria)}</h3>
  <table class="c">
    <thead><tr>${t.tableHeaders.map((h, i) => `<th${i === 1 ? ' style="width:36%"' : i === 4 ? ' style="width:26%"' : ''}>${e(h)}</th>`).join('')}</tr></thead>
    <tbody>${rows}<tr class="total"><td></td><td class="l">${e(t.totalLabel)}</td><td>${e(t.totalMax)}</td><td>${e(t.totalScore)}</td><td></td><td>${t.evidenceCount}</td></tr></tbody>
  </table>
  <h3>${e(t.sections.totals)}</h3>
  ${list(t.fieldTotals)}
  <p><b>${e(t.overallLine)}</b>${t.unscoredLine ? `<br>${e(t.unscoredLine)}` : ''}</p>
  <h3>${e(t.sections.evidence)}</h3>
  ${list(t.evidenceLines.length ? t.evidenceLines : [t.noEvidence])}
  <div class="sign">
    <div class="to"><b>${e(t.recipients[0]!)}</b><br>${t.recipients.slice(1).map(e).join('<br>')}</div>
    <div class="who"><i>${e(t.signature.dateLine)}</i><b>${e(t.signature.title)}</b><i>${e(t.signature.note)}</i><div class="space"></div><i>${e(t.signature.nameLine)}</i></div>
  </div>
</body></html>`;
}
