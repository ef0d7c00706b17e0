import type { DbOrTx } from '../../../db/client.js';
import type { Actor } from '../../auth/actor.js';
import { getUnitDetail } from '../../units/service.js';
import type { PdfRenderer } from '../../results/documents/pdf-renderer.js';
import { getSheet } from '../queries.js';
import { selfAssessmentContent } from './content.js';
import { selfAssessmentDocx } from './docx.js';
import { selfAssessmentHtml } from './html.js';

/**
 * The self-assessment report of a sheet, for whoever may read the sheet (the sheet's own policy: the unit's staff,
 * the organizer and the council, appraisers once submitted). DOCX to edit, PDF to print; both say the same.
 */
export async function selfAssessmentReport(
  db: DbOrTx,
  actor: Actor,
  roundId: number,
  unitCode: string,
  format: 'docx' | 'pdf',
  options: { now: Date; renderer: PdfRenderer },
): Promise<{ fileName: string; body: Buffer }> {
  const sheet = await getSheet(db, actor, roundId, unitCode, options.now);
  const unit = await getUnitDetail(db, sheet.unitCode, sheet.round.year);
  const parent = unit.parentCode ? await getUnitDetail(db, unit.parentCode, sheet.round.year).catch(() => null) : null;
  const content = selfAssessmentContent(sheet, { unitName: unit.name, parentName: parent?.name ?? null });
  const fileName = `self-assessment-${sheet.unitCode}-${sheet.round.year}.${format}`;
  const body = format === 'docx' ? await selfAssessmentDocx(content, options.now) : await options.renderer.render(selfAssessmentHtml(content, options.now));
  return { fileName, body };
}
