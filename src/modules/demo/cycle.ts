import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Db, type DbOrTx } from '../../db/client.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { dateOfDayNumber, dayNumber } from '../../domain/calendar.js';
import { writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { appraise, explain, selfAssess, submit, uploadEvidence } from '../assessments/commands.js';
import type { Context } from '../assessments/context.js';
import type { FileStore } from '../files/storage.js';
import { cloneFramework } from '../frameworks/commands.js';
import { type CriterionNode, findFrameworkId, flattenCriteria, getFramework, listFrameworks } from '../frameworks/service.js';
import { importFramework } from '../frameworks/transfer.js';
import { findRound } from '../results/queries.js';
import { importScores, publishRound } from '../results/service.js';
import { SCORE_FILE_COLUMNS } from '../results/scores-import.js';
import { openRound } from '../rounds/service.js';
import { listUnits } from '../units/service.js';
import { DEMO_BLOCKS } from './province.js';
import { DemoRandom, hashUnit } from './random.js';

/**
 * The cycle side of the demo: frameworks for every block and year (the sample imported once, then cloned as an
 * organizer does), past years' scores through the results import and published, and the current year's rounds
 * open, with units that scored, submitted, were appraised and explained, through the assessment services.
 */

/** The sample framework of the departments block kept in the repository (samples/). */
export const SAMPLE_FRAMEWORK_FILE = fileURLToPath(new URL('../../../samples/framework-departments-2025.json', import.meta.url));
const SAMPLE_YEAR = 2025;
const SAMPLE_BLOCK = 'SO';

async function hasFramework(db: DbOrTx, year: number, block: string): Promise<boolean> {
  return (await listFrameworks(db, { year, block })).length > 0;
}

/**
 * Frameworks for every block and year: the sample imported for the departments in its year, cloned to the other
 * blocks (with their names), then each cloned to the other years. A year and block that has one is left alone.
 */
export async function loadDemoFrameworks(db: Db, actor: Actor, years: readonly number[]): Promise<number> {
  let created = 0;
  if (!(await hasFramework(db, SAMPLE_YEAR, SAMPLE_BLOCK))) {
    await importFramework(db, actor, fs.readFileSync(SAMPLE_FRAMEWORK_FILE), { year: SAMPLE_YEAR, block: SAMPLE_BLOCK });
    created++;
  }
  const sampleId = await findFrameworkId(db, { year: SAMPLE_YEAR, block: SAMPLE_BLOCK });
  const sample = await getFramework(db, sampleId);
  for (const block of DEMO_BLOCKS) {
    if (block.code !== SAMPLE_BLOCK && !(await hasFramework(db, SAMPLE_YEAR, block.code))) {
      const name = sample.name.replace('khối sở, ban, ngành', block.name.replace(/^Khối/, 'khối'));
      await cloneFramework(db, actor, sampleId, { year: SAMPLE_YEAR, blockCode: block.code, name });
      created++;
    }
    const source = await findFrameworkId(db, { year: SAMPLE_YEAR, block: block.code });
    for (const year of years) {
      if (year === SAMPLE_YEAR || (await hasFramework(db, year, block.code))) continue;
      await cloneFramework(db, actor, source, { year });
      created++;
    }
  }
  return created;
}

/** Points as the score file writes them: hundredths, within [0, max]. */
const quarter = (value: number, max: number) => Math.min(max, Math.max(0, Math.round(value * 4) / 4));
const hundredths = (value: number, max: number) => Math.min(max, Math.max(0, Math.round(value * 100) / 100));

/**
 * A unit's standing in a year, 0–1: a stable level per unit and a change from year to year, so that ranks move.
 */
const standing = (unitCode: string, year: number) =>
  DEMO_LEADERS.has(unitCode) ? 1 : Math.min(0.96, 0.62 + 0.3 * hashUnit(unitCode, 1) + 0.16 * (hashUnit(unitCode, year) - 0.5));

/** One unit per block that ranked first in each of the three past years ("Dẫn đầu 3 năm liên tiếp"). */
export const DEMO_LEADERS = new Set(['STP', 'H_TPMH', 'X001']);

/** The score file of a past year and block: every leaf of every unit, self, appraised and sometimes council scores. */
function pastScoreRows(leaves: readonly CriterionNode[], unitCodes: readonly string[], year: number, block: string) {
  const random = new DemoRandom(year * 1000 + block.length * 17 + block.charCodeAt(0));
  const rows: Record<string, string | number>[] = [];
  for (const unit of unitCodes) {
    const level = standing(unit, year);
    for (const c of leaves) {
      const max = c.maxPoints;
      const row = { unit_code: unit, criterion_code: c.code, self_score: '', appraised_score: '', council_score: '', not_applicable: '' } as Record<
        string,
        string | number
      >;
      if (c.method === 'bonus') {
        if (random.next() < 0.25) row.appraised_score = quarter(random.between(0.25, 1) * max, max);
        else continue;
      } else if (c.method === 'penalty') {
        if (random.next() < 0.12 && !DEMO_LEADERS.has(unit)) row.appraised_score = quarter(random.between(0.15, 0.5) * max, max);
        else continue;
      } else if (c.method === 'survey') {
        row.appraised_score = hundredths(max * Math.min(0.97, level + random.between(-0.08, 0.06)), max);
      } else if (c.code === '1.3.1' && hashUnit(unit, 13) < 0.1) {
        // A unit with no subordinate units: nothing to inspect.
        row.not_applicable = 'yes';
      } else {
        const noise = DEMO_LEADERS.has(unit) ? random.between(-0.06, 0) : random.between(-0.2, 0.15);
        const appraised = quarter(max * Math.min(1, level + noise), max);
        row.appraised_score = appraised;
        // Units claim a little more than the appraisers give; a formula's value is claimed as computed.
        row.self_score = c.method === 'manual' ? quarter(appraised + (random.next() < 0.35 ? random.int(1, 3) * 0.25 : 0), max) : appraised;
        if (c.method === 'manual' && random.next() < 0.03) row.council_score = quarter(appraised + (random.next() < 0.5 ? 0.25 : -0.25), max);
      }
      rows.push(row);
    }
  }
  return rows;
}

/**
 * Past years: each block's scores through the results import (a historical round, approved), then published by the
 * organizer. A year already published is left alone.
 */
export async function loadDemoPastYears(db: Db, organizer: Actor, years: readonly number[]): Promise<number> {
  let published = 0;
  for (const year of [...years].sort()) {
    for (const block of DEMO_BLOCKS) {
      let round = await findRound(db, year, block.code);
      if (round?.status === 'published') continue;
      if (!round) {
        const framework = await getFramework(db, await findFrameworkId(db, { year, block: block.code }));
        const leaves = flattenCriteria(framework.criteria).filter((c) => c.leaf);
        const units = (await listUnits(db, { year, block: block.code })).map((u) => u.code);
        const file = await writeTable('csv', SCORE_FILE_COLUMNS, pastScoreRows(leaves, units, year, block.code));
        await importScores(db, organizer, file, year, block.code);
        round = (await findRound(db, year, block.code))!;
      }
      await publishRound(db, organizer, round.id, null);
      published++;
    }
  }
  return published;
}

/** The accounts that act in the open round, by username (actors built from the demo's users). */
export type DemoActors = (username: string) => Actor;

/** The windows of the current round, from today: self-assessment open for two more weeks, then the later stages. */
export function openRoundDates(today: LocalDate) {
  const day = (offset: number) => dateOfDayNumber(dayNumber(today) + offset);
  return { selfAssessmentFrom: day(-30), selfAssessmentTo: day(14), appraisalTo: day(28), explanationTo: day(35), councilTo: day(45) };
}

/** What a unit did in the open round of the departments block. */
interface UnitPlan {
  unit: string;
  /** Who scores (an officer or the leader) and who submits (the leader), if anyone. */
  scorer: string;
  leader?: string;
  /** Share of the manual criteria scored (1 = all); the sheet is submitted only when all are. */
  scored: number;
  /** Criteria the SNV appraiser appraises, final or not, adjusted or not, with an explanation asked and maybe answered. */
  appraised?: 'all' | 'some';
  explanations?: { criterion: string; request: string; answer?: string }[];
  evidence?: boolean;
}

const SO_PLAN: UnitPlan[] = [
  {
    unit: 'SCT',
    scorer: 'demo.officer',
    leader: 'demo.leader',
    scored: 1,
    appraised: 'all',
    evidence: true,
    explanations: [
      {
        criterion: '1.2',
        request: 'Đề nghị bổ sung báo cáo CCHC quý III: hồ sơ chỉ có báo cáo quý I, II và 6 tháng.',
        answer: 'Báo cáo quý III đã gửi Sở Nội vụ ngày 05/10 qua hệ thống văn bản điện tử (số 1234/BC-SCT); đơn vị bổ sung bản chụp.',
      },
      { criterion: '5.3', request: 'Đề nghị giải trình việc chưa có quyết định giao quyền tự chủ tài chính cho đơn vị trực thuộc.' },
    ],
  },
  {
    unit: 'STP',
    scorer: 'demo.leader.stp',
    leader: 'demo.leader.stp',
    scored: 1,
    appraised: 'all',
    explanations: [
      {
        criterion: '4.1',
        request: 'Tài liệu kiểm chứng chưa thể hiện việc kiện toàn tổ chức bộ máy theo quy định mới.',
        answer: 'Đơn vị đã ban hành Quyết định số 56/QĐ-STP ngày 12/3 về kiện toàn tổ chức; đính kèm trong hồ sơ giấy gửi Sở Nội vụ.',
      },
    ],
  },
  { unit: 'VP', scorer: 'demo.leader.vp', leader: 'demo.leader.vp', scored: 1, appraised: 'some' },
  { unit: 'STC', scorer: 'demo.leader.stc', leader: 'demo.leader.stc', scored: 1, appraised: 'some' },
  { unit: 'SKHDT', scorer: 'demo.leader.skhdt', leader: 'demo.leader.skhdt', scored: 1 },
  { unit: 'SXD', scorer: 'demo.leader.sxd', leader: 'demo.leader.sxd', scored: 1 },
  { unit: 'SGTVT', scorer: 'demo.officer.sgtvt', scored: 0.5 },
];

/** The commune officer's sheet: started, a third scored. */
const XA_PLAN: UnitPlan[] = [{ unit: 'X001', scorer: 'demo.commune', scored: 0.35 }];

const NOTES = [
  'Đã thực hiện đầy đủ theo kế hoạch năm.',
  'Thực hiện đúng thời hạn; chi tiết tại báo cáo kèm theo.',
  'Hoàn thành, có văn bản chứng minh.',
  'Thực hiện đạt yêu cầu, một số nội dung còn chậm so với kế hoạch.',
];

/** A one-page PDF that reads as the evidence it stands for (the evidence check accepts files by their content). */
function evidencePdf(title: string): Buffer {
  const ascii = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[()\\]/g, ' ');
  const stream = `BT /F1 14 Tf 72 760 Td (${ascii}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

interface RoundWork {
  db: Db;
  actors: DemoActors;
  now: Date;
  store: FileStore | null;
}

/** An instant `days` before now (the demo's actions spread over the last weeks of the window). */
const before = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

async function playUnit(work: RoundWork, roundId: number, criteria: readonly CriterionNode[], plan: UnitPlan, order: number) {
  const { db, actors, now } = work;
  const ctx = (username: string, daysAgo: number): Context => ({ db, actor: actors(username), now: before(now, daysAgo) });
  const random = new DemoRandom(hashUnit(plan.unit, 99) * 1e9);
  const manual = criteria.filter((c) => c.leaf && c.method === 'manual');
  const level = standing(plan.unit, now.getUTCFullYear());
  const toScore = manual.slice(0, Math.round(manual.length * plan.scored));
  const scoreDay = 12 - order;
  const selfScores = new Map<string, number>();
  for (const c of toScore) {
    const attach = plan.evidence && c.evidenceRequired && work.store !== null;
    const score = quarter(c.maxPoints * Math.min(1, level + 0.08 + random.between(-0.15, 0.12)), c.maxPoints);
    selfScores.set(c.code, score);
    await selfAssess(ctx(plan.scorer, scoreDay), roundId, plan.unit, c.code, {
      score,
      note: random.pick(NOTES),
      ...(c.evidenceRequired && !attach ? { missingEvidenceReason: 'Hồ sơ giấy đã gửi Sở Nội vụ kèm công văn; bản điện tử đang số hóa.' } : {}),
    });
    if (attach) {
      await uploadEvidence(ctx(plan.scorer, scoreDay), work.store!, roundId, plan.unit, c.code, {
        stream: evidencePdf(`${plan.unit} - ${c.code} ${c.title}`),
        fileName: `${plan.unit}-${c.code}-tai-lieu-kiem-chung.pdf`,
        limitBytes: 1_000_000,
      });
    }
  }
  if (plan.scored < 1 || !plan.leader) return;
  await submit(ctx(plan.leader, scoreDay - 1), roundId, plan.unit);
  if (!plan.appraised) return;
  // The SNV appraiser (demo.appraiser) reviews the fields SNV appraises.
  const mine = manual.filter((c) => c.effectiveAppraiser === 'SNV');
  const asked = new Map((plan.explanations ?? []).map((e) => [e.criterion, e]));
  const reviewed = plan.appraised === 'all' ? mine : mine.slice(0, Math.ceil(mine.length / 2));
  for (const [i, c] of reviewed.entries()) {
    const explanation = asked.get(c.code);
    if (explanation) {
      await appraise(ctx('demo.appraiser', 4), roundId, plan.unit, c.code, { explanationRequest: explanation.request });
      if (explanation.answer) {
        await explain(ctx(plan.scorer, 2), roundId, plan.unit, c.code, explanation.answer);
        await appraise(ctx('demo.appraiser', 1), roundId, plan.unit, c.code, {
          score: c.maxPoints,
          reason: 'Đơn vị đã giải trình và bổ sung tài liệu đạt yêu cầu.',
          final: true,
        });
      }
      continue;
    }
    const lower = i % 5 === 2;
    const self = selfScores.get(c.code)!;
    const score = lower ? Math.max(0, self - 0.5) : self;
    await appraise(ctx('demo.appraiser', 3), roundId, plan.unit, c.code, {
      score,
      ...(score !== self ? { reason: 'Tài liệu kiểm chứng chưa đầy đủ so với hướng dẫn chấm điểm.' } : {}),
      final: i % 3 !== 1,
    });
  }
}

/**
 * The current year's rounds, opened by the organizer with windows from today, then the units' work through the
 * assessment services as each role would do it. A block whose round exists is left alone. The rounds stay open.
 */
export async function loadDemoOpenRounds(work: RoundWork, organizer: Actor, year: number, today: LocalDate) {
  const summary = { opened: 0, submitted: 0, appraised: 0, explanationsAsked: 0, explanationsAnswered: 0 };
  for (const block of DEMO_BLOCKS) {
    if (await findRound(work.db, year, block.code)) continue;
    const round = await openRound(work.db, organizer, { year, blockCode: block.code, ...openRoundDates(today) });
    summary.opened++;
    const plans = block.code === 'SO' ? SO_PLAN : block.code === 'XA' ? XA_PLAN : [];
    const criteria = flattenCriteria((await getFramework(work.db, round.frameworkId)).criteria);
    for (const [order, plan] of plans.entries()) {
      await playUnit(work, round.id, criteria, plan, order);
      if (plan.scored === 1 && plan.leader) summary.submitted++;
      if (plan.appraised) summary.appraised++;
      summary.explanationsAsked += plan.explanations?.length ?? 0;
      summary.explanationsAnswered += plan.explanations?.filter((e) => e.answer).length ?? 0;
    }
  }
  return summary;
}
