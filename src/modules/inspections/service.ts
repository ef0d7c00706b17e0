import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../auth/actor.js';
import { buildConclusionDocx, buildRecordDocx } from './document.js';
import { inspectionDetail } from './queries.js';

export {
  addFinding,
  addItem,
  closeItem,
  createInspection,
  deleteFinding,
  deleteInspection,
  deleteItem,
  reopenItem,
  updateFinding,
  updateInspection,
  updateItem,
} from './commands.js';
export { remediationFiguresByUnit } from './figures.js';
export { inspectionDetail, inspectionYear, listInspectors } from './queries.js';

/** The record (biên bản) or the conclusion of an inspection as DOCX, with its file name. */
export async function inspectionDocument(db: DbOrTx, actor: Actor, id: number, kind: 'record' | 'conclusion', asOf: string) {
  const inspection = await inspectionDetail(db, actor, id, asOf);
  const buffer = kind === 'record' ? await buildRecordDocx(inspection) : await buildConclusionDocx(inspection);
  const name = `${kind === 'record' ? 'bien-ban-kiem-tra' : 'ket-luan-kiem-tra'}-${inspection.unitCode}-${inspection.year}.docx`;
  return { buffer, name };
}
