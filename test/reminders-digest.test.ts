import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { plans, planTasks, reminderDigests, units, users } from '../src/db/schema.js';
import { sendDailyDigests } from '../src/modules/reminders/digest.js';
import { createSmtpMailer, type Mailer } from '../src/modules/reminders/mailer.js';
import { startDigestScheduler } from '../src/modules/reminders/scheduler.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { createUser } from '../src/modules/users/service.js';
import { cliWorkspace } from './helpers/cli.js';
import { seedOrganisation, startTestServer, type TestServer } from './helpers/server.js';

/*
 * The daily reminder digest (docs/reminders.md) against a real SMTP server started here (smtp-server on a loopback
 * port, no TLS, no authentication). Day 2026-03-10 (local), plans 2026:
 * - SCT: T1 todo due 2026-03-05 (overdue 5 days), T2 in_progress due 2026-03-12 (in 2 days) → the SCT officer's digest
 *   has 2 items; subject "[parindex] Việc cần làm ngày 10/03/2026: 2 việc".
 * - the admin: units' plan tasks overdue: T1 only (1) → 1 item.
 * - the X1 officer has an overdue task (XT1, 2026-03-01) but no e-mail address → nothing; a disabled SCT leader with
 *   an address → nothing; a viewer with an address → nothing (viewers get no reminders).
 */
let server: TestServer;
let smtp: SMTPServer;
let smtpUrl: string;
const received: { from: string; to: string[]; raw: string }[] = [];
let sctOfficer: number;
const errors: string[] = [];
const log = { error: (_obj: unknown, msg: string) => errors.push(msg), info: () => {} };

function startSmtp(): Promise<SMTPServer> {
  const s = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

// A small MIME reader (mailparser is not a dependency): headers unfolded, encoded words and bodies decoded.
function decodeWords(value: string): string {
  const parts: Buffer[] = [];
  let plain = '';
  const flush = () => {
    if (parts.length) plain += Buffer.concat(parts.splice(0)).toString('utf8');
  };
  const re = /=\?utf-8\?([bq])\?([^?]*)\?=|([^=]+|=)/gi;
  for (const m of value.matchAll(re)) {
    if (m[1]) {
      parts.push(m[1].toLowerCase() === 'b' ? Buffer.from(m[2]!, 'base64') : qpBytes(m[2]!.replace(/_/g, ' ')));
    } else if (!(parts.length && /^\s+$/.test(m[3]!))) {
      flush();
      plain += m[3];
    }
  }
  flush();
  return plain;
}
function qpBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
}
function splitMessage(raw: string) {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(at + 4) };
}
function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return qpBytes(body.replace(/=\r\n/g, '')).toString('utf8');
  return body;
}
function parseMail(raw: string) {
  const { headers, body } = splitMessage(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => splitMessage(p.replace(/^\r\n/, '')))
    : [{ headers, body }];
  const part = (type: string) => {
    const p = parts.find((x) => (x.headers.get('content-type') ?? '').startsWith(type));
    return p ? decodeBody(p.headers, p.body) : '';
  };
  return { subject: decodeWords(headers.get('subject') ?? ''), to: headers.get('to') ?? '', text: part('text/plain'), html: part('text/html') };
}

const mailer = (): Mailer => createSmtpMailer(loadConfig({ SMTP_URL: smtpUrl, SMTP_FROM: 'CCHC tỉnh <cchc@example.gov.vn>' }).smtp!);
const now = new Date('2026-03-10T01:00:00Z'); // 08:00 on 10/03/2026 in Vietnam
const claims = (day: string) => server.db.select().from(reminderDigests).where(eq(reminderDigests.day, day));

beforeAll(async () => {
  smtp = await startSmtp();
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  server = await startTestServer();
  await seedOrganisation(server);
  const { db } = server;
  const unitId = async (code: string) => (await db.select({ id: units.id }).from(units).where(eq(units.code, code)))[0]!.id;
  const admin = await server.createUser('admin');
  sctOfficer = (await server.createUser('unit_officer', 'SCT')).id;
  const sctLeader = await server.createUser('unit_leader', 'SCT');
  await server.createUser('unit_officer', 'X1');
  const viewer = await server.createUser('viewer');
  await db.update(users).set({ email: 'admin@example.gov.vn' }).where(eq(users.id, admin.id));
  await db.update(users).set({ email: 'sct.officer@example.gov.vn' }).where(eq(users.id, sctOfficer));
  await db.update(users).set({ email: 'sct.leader@example.gov.vn', disabled: true }).where(eq(users.id, sctLeader.id));
  await db.update(users).set({ email: 'viewer@example.gov.vn' }).where(eq(users.id, viewer.id));
  const [p1, p2] = await db
    .insert(plans)
    .values([
      { unitId: await unitId('SCT'), year: 2026, code: 'KH', title: 'Kế hoạch CCHC 2026' },
      { unitId: await unitId('X1'), year: 2026, code: 'KH', title: 'Kế hoạch CCHC 2026' },
    ])
    .returning({ id: plans.id });
  await db.insert(planTasks).values([
    { planId: p1!.id, code: 'T1', title: 'Rà soát thủ tục <hành chính>', deadline: '2026-03-05', status: 'todo' },
    { planId: p1!.id, code: 'T2', title: 'Cập nhật ISO 9001', deadline: '2026-03-12', status: 'in_progress' },
    { planId: p2!.id, code: 'XT1', title: 'Niêm yết thủ tục', deadline: '2026-03-01', status: 'todo' },
  ]);
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('sendDailyDigests', () => {
  it('sends one e-mail per user with an address and something due, in Vietnamese, with dates dd/mm/yyyy and links', async () => {
    const m = mailer();
    const run = await sendDailyDigests(server.db, m, now, { publicUrl: 'https://cchc.example.gov.vn' });
    m.close();
    // admin and the SCT officer: 2 sent; X1 (no address), the disabled leader and the viewer: nothing.
    expect(run).toEqual({ day: '2026-03-10', sent: 2, alreadySent: 0, failed: 0 });
    expect(received.map((r) => r.to).sort()).toEqual([['admin@example.gov.vn'], ['sct.officer@example.gov.vn']]);
    expect(received.every((r) => r.from === 'cchc@example.gov.vn')).toBe(true);

    const officer = parseMail(received.find((r) => r.to[0] === 'sct.officer@example.gov.vn')!.raw);
    expect(officer.subject).toBe('[parindex] Việc cần làm ngày 10/03/2026: 2 việc');
    expect(officer.text).toContain('Đã quá hạn:');
    expect(officer.text).toContain('- Nhiệm vụ kế hoạch: Rà soát thủ tục <hành chính> (Sở Công Thương) — hạn 05/03/2026, quá hạn 5 ngày');
    expect(officer.text).toContain('Sắp đến hạn (trong 7 ngày):');
    expect(officer.text).toContain('- Nhiệm vụ kế hoạch: Cập nhật ISO 9001 (Sở Công Thương) — hạn 12/03/2026, còn 2 ngày');
    expect(officer.text).toContain('https://cchc.example.gov.vn/plans?year=2026');
    // Overdue before due soon.
    expect(officer.text.indexOf('Rà soát thủ tục')).toBeLessThan(officer.text.indexOf('Cập nhật ISO 9001'));
    // The HTML twin escapes the title and links the item.
    expect(officer.html).toContain('Rà soát thủ tục &lt;hành chính&gt;');
    expect(officer.html).toContain('<a href="https://cchc.example.gov.vn/plans?year=2026">');

    const admin = parseMail(received.find((r) => r.to[0] === 'admin@example.gov.vn')!.raw);
    expect(admin.subject).toBe('[parindex] Việc cần làm ngày 10/03/2026: 1 việc');
    // Units' overdue tasks: T1 and XT1 → 2, the earliest XT1 (01/03/2026, 9 days ago).
    expect(admin.text).toContain('- Nhiệm vụ kế hoạch CCHC quá hạn của các đơn vị: 2 nhiệm vụ — hạn sớm nhất 01/03/2026, quá hạn 9 ngày');

    const rows = await claims('2026-03-10');
    expect(rows.map((r) => [r.items, r.sentAt !== null]).sort()).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it('sends nothing the second time the same day (the claim is taken)', async () => {
    const before = received.length;
    const m = mailer();
    const run = await sendDailyDigests(server.db, m, now);
    m.close();
    expect(run).toEqual({ day: '2026-03-10', sent: 0, alreadySent: 2, failed: 0 });
    expect(received.length).toBe(before);
  });

  it('sends each digest once when two servers run at the same time', async () => {
    const before = received.length;
    const [a, b] = [mailer(), mailer()];
    const runs = await Promise.all([sendDailyDigests(server.db, a, now, { day: '2026-03-11' }), sendDailyDigests(server.db, b, now, { day: '2026-03-11' })]);
    a.close();
    b.close();
    expect(runs[0]!.sent + runs[1]!.sent).toBe(2);
    expect(runs[0]!.alreadySent + runs[1]!.alreadySent).toBe(2);
    expect(received.length - before).toBe(2);
    expect(parseMail(received.at(-1)!.raw).subject).toMatch(/^\[parindex\] Việc cần làm ngày 11\/03\/2026: \d việc$/);
  });

  it('the scheduler sends from REMINDER_DIGEST_HOUR (local) on, once a day', async () => {
    const before = received.length;
    let clock = new Date('2026-03-13T23:59:00Z'); // 06:59 on 14/03/2026 in Vietnam
    const scheduler = startDigestScheduler({ db: server.db, mailer: mailer(), hour: 7, clock: () => clock, log });
    await scheduler.tick();
    expect(received.length).toBe(before);
    clock = new Date('2026-03-14T00:05:00Z'); // 07:05
    await scheduler.tick();
    expect(received.length - before).toBe(2);
    await scheduler.tick();
    expect(received.length - before).toBe(2);
    scheduler.stop();
    expect((await claims('2026-03-14')).length).toBe(2);
  });

  it('leaves no claim and does not throw when the SMTP server is down; a later run sends', async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    const m = mailer();
    const run = await sendDailyDigests(server.db, m, now, { day: '2026-03-12', log });
    m.close();
    expect(run).toEqual({ day: '2026-03-12', sent: 0, alreadySent: 0, failed: 2 });
    expect(errors.filter((e) => e.startsWith('reminder digest not sent')).length).toBe(2);
    expect(await claims('2026-03-12')).toEqual([]);
    // The server back (on a new port): the same day is sent now.
    smtp = await startSmtp();
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    const again = mailer();
    expect((await sendDailyDigests(server.db, again, now, { day: '2026-03-12' })).sent).toBe(2);
    again.close();
    const officerClaim = await server.db
      .select()
      .from(reminderDigests)
      .where(and(eq(reminderDigests.day, '2026-03-12'), eq(reminderDigests.userId, sctOfficer)));
    expect(officerClaim[0]!.sentAt).not.toBeNull();
  });
});

describe('parindex reminders send', { timeout: 240_000 }, () => {
  it('refuses without SMTP_URL, then sends the day’s digest once and says how many', async () => {
    const ws = await cliWorkspace('parindex-cli-reminders-');
    try {
      const actor = systemActor('test:fixture');
      await ws.withDb(async ({ db }) => {
        await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2026);
        await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', blockCode: 'XA', year: 2026 });
        const { user } = await createUser(db, actor, {
          username: 'x1.officer',
          displayName: 'Cán bộ xã',
          role: 'unit_officer',
          unitCode: 'X1',
          email: 'x1@example.gov.vn',
          password: 'correct-horse-battery',
        });
        const [plan] = await db.insert(plans).values({ unitId: user.unitId, year: 2026, code: 'KH', title: 'Kế hoạch' }).returning({ id: plans.id });
        await db.insert(planTasks).values({ planId: plan!.id, code: 'T1', title: 'Niêm yết thủ tục', deadline: '2026-03-05', status: 'todo' });
      });
      const refused = await ws.run(['reminders', 'send', '--date', '2026-03-10']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('No mail server is configured (SMTP_URL)');
      const badDate = await ws.run(['reminders', 'send', '--date', '10/03/2026'], '');
      expect(badDate.code).toBe(1);
      expect(badDate.stderr).toContain('--date');

      const before = received.length;
      ws.env.SMTP_URL = smtpUrl;
      const first = await ws.run(['reminders', 'send', '--date', '2026-03-10']);
      expect(first.stdout).toBe('reminder digests for 2026-03-10: 1 sent, 0 already sent, 0 failed\n');
      expect(first.code).toBe(0);
      expect(received.length - before).toBe(1);
      const mail = parseMail(received.at(-1)!.raw);
      expect(received.at(-1)!.to).toEqual(['x1@example.gov.vn']);
      expect(mail.subject).toBe('[parindex] Việc cần làm ngày 10/03/2026: 1 việc');
      expect(mail.text).toContain('- Nhiệm vụ kế hoạch: Niêm yết thủ tục (Xã Đồng Tâm) — hạn 05/03/2026, quá hạn 5 ngày');
      const second = await ws.run(['reminders', 'send', '--date', '2026-03-10']);
      expect(second.stdout).toBe('reminder digests for 2026-03-10: 0 sent, 1 already sent, 0 failed\n');
    } finally {
      await ws.close();
    }
  });
});

describe('configuration', () => {
  it('reads SMTP_URL, SMTP_FROM and REMINDER_DIGEST_HOUR, refusing what is not an SMTP address or an hour', () => {
    const base = { PARINDEX_DATA_DIR: '/tmp/parindex-unused' };
    const none = loadConfig(base);
    expect(none.smtp).toBeUndefined();
    expect(none.reminderDigestHour).toBe(7);
    expect(loadConfig({ ...base, SMTP_URL: 'smtps://u:p@mail.example.gov.vn:465' }).smtp).toEqual({
      url: 'smtps://u:p@mail.example.gov.vn:465',
      from: 'parindex <no-reply@localhost>',
    });
    expect(loadConfig({ ...base, REMINDER_DIGEST_HOUR: '18' }).reminderDigestHour).toBe(18);
    expect(() => loadConfig({ ...base, SMTP_URL: 'http://mail.example.gov.vn' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, SMTP_URL: 'http://mail.example.gov.vn' })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ address/);
    expect(() => loadConfig({ ...base, REMINDER_DIGEST_HOUR: '24' })).toThrow(/REMINDER_DIGEST_HOUR/);
  });
});
