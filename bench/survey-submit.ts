/**
 * Submits N survey responses through the public HTTP API on loopback, one personal link (single-use token) each, with
 * C requests in flight, against parindex on PostgreSQL in its own process (bench/ranking-server.ts). Prints responses/s
 * and the p50 / p99 latency of a submit (target ≥ 1,000 responses/s, p99 < 100 ms), then the time campaignTally takes to
 * recompute the campaign's results from the N responses.
 *   npx tsx bench/survey-submit.ts [--size small|full] [--tokens N] [--concurrency C] [--units U]
 *   (DATABASE_URL optional; a bench database is created and dropped.) Full (default): 50,000 tokens; small (CI): 500.
 * Exits 1 if a submit is not answered 200, if the campaign does not hold exactly N submitted responses, if a second
 * submit of a used token is not refused, or if the tally disagrees with SQL counts. Figures: docs/surveys.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { SIPAS_ELEMENTS, type SurveyQuestion } from '../src/domain/surveys.js';
import { campaignByCode, campaignTally, responsesChanged } from '../src/modules/surveys/campaigns.js';
import { hashSurveyKey, newSurveyKey } from '../src/modules/surveys/keys.js';
import { benchDatabase, benchFailure, benchOptions, fmt, median, percentile, timeIt } from './lib.js';

const options = benchOptions({
  usage: 'npx tsx bench/survey-submit.ts [--size small|full] [--tokens N] [--concurrency C] [--units U]',
  numbers: {
    tokens: { full: 50_000, small: 500, env: 'BENCH_TOKENS' },
    concurrency: { full: 32, small: 16 },
    units: { full: 150, small: 10 },
  },
});
const N = options.n.tokens;
const CONCURRENCY = options.n.concurrency;
const UNITS = options.n.units;
const children: ChildProcess[] = [];

/** A SIPAS form as the 2023–2026 method asks it: per element 1 judgement, 2 satisfaction, 1 expectation; a profile. */
const QUESTIONS: SurveyQuestion[] = [
  ...SIPAS_ELEMENTS.flatMap((element): SurveyQuestion[] => [
    { code: `${element}_p`, section: element, text: `Đánh giá ${element}`, type: 'scale', role: 'perception', required: false, options: [] },
    { code: `${element}_s1`, section: element, text: `Hài lòng ${element} 1`, type: 'scale', role: 'satisfaction', required: true, options: [] },
    { code: `${element}_s2`, section: element, text: `Hài lòng ${element} 2`, type: 'scale', role: 'satisfaction', required: true, options: [] },
    { code: `${element}_e`, section: element, text: `Kỳ vọng ${element}`, type: 'scale', role: 'expectation', required: false, options: [] },
  ]),
  {
    code: 'sex',
    section: 'profile',
    text: 'Giới tính',
    type: 'single',
    role: 'profile',
    required: false,
    options: [
      { code: 'M', label: 'Nam' },
      { code: 'F', label: 'Nữ' },
    ],
  },
  { code: 'note', section: 'other', text: 'Góp ý', type: 'text', role: 'other', required: false, options: [] },
];

/** Deterministic answers of response i: every question answered, values spread over 1–5. */
function answersOf(i: number): Record<string, string | number> {
  const answers: Record<string, string | number> = {};
  QUESTIONS.forEach((q, j) => {
    if (q.type === 'scale') answers[q.code] = ((i * 7 + j * 3) % 5) + 1;
  });
  answers.sex = i % 2 === 0 ? 'M' : 'F';
  if (i % 10 === 0) answers.note = `Góp ý số ${i}: thủ tục nhanh, cán bộ nhiệt tình`;
  return answers;
}

function startServer(env: Record<string, string>): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'ranking-server.ts'),
      'app',
    ],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

const bench = await benchDatabase('parindex_bench_survey');
const { db } = bench.database;
try {
  const tokens: string[] = Array.from({ length: N }, () => newSurveyKey());
  const setup = await timeIt(async () => {
    await db.execute(sql`insert into units (code, name, search_key, status, valid_from_year)
      select 'U' || lpad(i::text, 4, '0'), 'Đơn vị ' || i, 'u' || i, 'active', 2026 from generate_series(1, ${UNITS}) i`);
    await db.execute(sql`insert into survey_templates (code, name, kind, questions) values ('SIPAS', 'SIPAS', 'sipas', ${JSON.stringify(QUESTIONS)}::jsonb)`);
    await db.execute(sql`insert into survey_campaigns (code, name, template_id, kind, questions, year, opens_on, closes_on, channels)
      values ('BENCH', 'Khảo sát SIPAS', 1, 'sipas', ${JSON.stringify(QUESTIONS)}::jsonb, 2026, '2000-01-01', '2999-12-31', '["link","qr"]'::jsonb)`);
    await db.execute(sql`insert into survey_campaign_units (campaign_id, unit_id, slug) select 1, id, 'b' || id from units`);
    // Token i is about unit (i mod UNITS) + 1.
    for (let from = 0; from < N; from += 5000) {
      const slice = tokens.slice(from, from + 5000);
      await db.execute(sql`insert into survey_tokens (campaign_id, token_hash, unit_id)
        select 1, h, (ord - 1 + ${from}) % ${UNITS} + 1 from jsonb_array_elements_text(${JSON.stringify(slice.map(hashSurveyKey))}::jsonb) with ordinality as t(h, ord)`);
    }
    await db.execute(sql`analyze`);
  });
  console.log(`setup: ${UNITS} units, ${N} personal links, ${QUESTIONS.length} questions in ${fmt(setup.ms)}`);

  const url = await startServer({ DATABASE_URL: bench.url, PARINDEX_DATA_DIR: '/tmp/parindex-bench-survey' });
  const submit = (i: number) =>
    fetch(`${url}/api/v1/public/responses/${tokens[i]}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: answersOf(i), seq: 1 }),
    });

  // Warm-up (connections, the server's first queries) on a few tokens, counted in the totals but not in the timing.
  const WARM = Math.min(50, Math.floor(N / 10));
  for (let i = 0; i < WARM; i++) {
    const response = await submit(i);
    if (response.status !== 200) benchFailure(`warm-up submit ${i} answered ${response.status}: ${await response.text()}`);
    else await response.arrayBuffer();
  }

  const latencies: number[] = [];
  let next = WARM;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < N; i = next++) {
        const t0 = process.hrtime.bigint();
        const response = await submit(i);
        const text = await response.text();
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (response.status !== 200 && failures++ < 5) benchFailure(`submit ${i} answered ${response.status}: ${text.slice(0, 200)}`);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = latencies.length / seconds;
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  console.log(`submits: ${latencies.length} in ${seconds.toFixed(1)} s, ${CONCURRENCY} in flight, loopback, PostgreSQL`);
  console.log(
    `  ${rate.toFixed(0)} responses/s (target ≥ 1,000), p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target < 100 ms), max ${Math.max(...latencies).toFixed(0)} ms`,
  );

  // The server alone judges "once": a used link is refused, whatever the client.
  const again = await submit(0);
  const againBody = (await again.json()) as { error?: { reason?: string } };
  if (again.status !== 409 || againBody.error?.reason !== 'survey_already_submitted') benchFailure(`a second submit answered ${again.status}`);

  const [counts] = await queryRows<{ submitted: number; used: number }>(
    db,
    sql`select (select count(*)::int from survey_responses where status = 'submitted') as submitted,
               (select count(*)::int from survey_tokens where used_at is not null) as used`,
  );
  if (counts!.submitted !== N || counts!.used !== N) benchFailure(`${counts!.submitted} submitted responses and ${counts!.used} used links, not ${N}`);

  // Recomputing the campaign's results: campaignTally over every submitted response, the cache made stale each run.
  const campaign = await campaignByCode(db, 'BENCH');
  const runs: number[] = [];
  let tally = await campaignTally(db, campaign);
  for (let run = 0; run < 3; run++) {
    await responsesChanged(db, campaign.id);
    const timed = await timeIt(() => campaignTally(db, campaign));
    runs.push(timed.ms);
    tally = timed.value;
  }
  console.log(`campaignTally recompute over ${N} responses: median ${fmt(median(runs))} (runs ${runs.map(fmt).join(', ')})`);

  // Check against SQL: responses and satisfied answers of each element, summed over units.
  const sqlCounts = await queryRows<{ element: string; satisfied: number; answered: number }>(
    db,
    sql`select regexp_replace(a.key, '_s[12]$', '') as element, count(*) filter (where a.value::int >= 4)::int as satisfied, count(*)::int as answered
        from survey_responses r, jsonb_each_text(r.answers) a
        where r.status = 'submitted' and a.key ~ '_s[12]$' group by 1`,
  );
  let responses = 0;
  for (const unit of tally.values()) responses += unit.responses;
  if (responses !== N) benchFailure(`the tally counts ${responses} responses, not ${N}`);
  for (const row of sqlCounts) {
    let satisfied = 0;
    let answered = 0;
    for (const unit of tally.values()) {
      satisfied += unit.elements[row.element as (typeof SIPAS_ELEMENTS)[number]].satisfied;
      answered += unit.elements[row.element as (typeof SIPAS_ELEMENTS)[number]].answered;
    }
    if (satisfied !== row.satisfied || answered !== row.answered) {
      benchFailure(`element ${row.element}: tally ${satisfied}/${answered}, SQL ${row.satisfied}/${row.answered}`);
    }
  }
  if (sqlCounts.length !== SIPAS_ELEMENTS.length) benchFailure(`SQL found ${sqlCounts.length} elements`);
} finally {
  for (const child of children) child.kill();
  await bench.drop();
}
