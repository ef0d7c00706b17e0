import { and, eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { type Db, type DbOrTx, inTransaction } from '../../db/client.js';
import { surveyCampaignUnits, units } from '../../db/schema.js';
import { type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { escapeHtml } from '../results/documents/format.js';
import { type Campaign, campaignByCode } from '../surveys/campaigns.js';
import { hashSurveyKey, newSurveyKey } from '../surveys/keys.js';
import { mayManageUnitForms } from './policies.js';
import { fail } from './reasons.js';
import type { KioskResult } from './schemas.js';

/**
 * What a unit's staff (or the organizer) do for the public form: issue the kiosk key of the counter tablet (shown once,
 * only its hash kept; issuing again replaces it) and print the QR poster of the unit's short link.
 */

interface CampaignUnitRef {
  campaign: Campaign;
  unitId: number;
  unitCode: string;
  unitName: string;
  slug: string;
}

async function campaignUnit(db: DbOrTx, actor: Actor, code: string, unitCode: string): Promise<CampaignUnitRef> {
  const campaign = await campaignByCode(db, code);
  const [row] = await db
    .select({ unitId: units.id, unitCode: units.code, unitName: units.name, slug: surveyCampaignUnits.slug })
    .from(surveyCampaignUnits)
    .innerJoin(units, eq(units.id, surveyCampaignUnits.unitId))
    .where(and(eq(surveyCampaignUnits.campaignId, campaign.id), eq(units.code, unitCode)))
    .limit(1);
  if (!row) throw fail('survey_collection_unit_not_found', { campaign: campaign.code, unit: unitCode });
  if (!mayManageUnitForms(actor, row.unitId)) throw fail('survey_collection_may_not', { unit: row.unitCode });
  return { campaign, ...row };
}

/** The public paths of the form (the web app serves them). */
export const publicFormPath = (slug: string) => `/s/${slug}`;
export const kioskFormPath = (slug: string, kioskKey: string) => `/s/${slug}/kiosk/${kioskKey}`;

/** A new kiosk key for the unit's counter tablet; the previous one stops working. Audited without the key. */
export async function issueKioskKey(db: Db, actor: Actor, code: string, unitCode: string): Promise<KioskResult> {
  const key = newSurveyKey();
  return inTransaction(db, async (tx) => {
    const ref = await campaignUnit(tx, actor, code, unitCode);
    const [before] = await tx
      .select({ kioskKeyHash: surveyCampaignUnits.kioskKeyHash })
      .from(surveyCampaignUnits)
      .where(and(eq(surveyCampaignUnits.campaignId, ref.campaign.id), eq(surveyCampaignUnits.unitId, ref.unitId)))
      .for('update');
    await tx
      .update(surveyCampaignUnits)
      .set({ kioskKeyHash: hashSurveyKey(key) })
      .where(and(eq(surveyCampaignUnits.campaignId, ref.campaign.id), eq(surveyCampaignUnits.unitId, ref.unitId)));
    await recordAudit(tx, actor, {
      action: 'issue_kiosk_key',
      entityType: 'survey_campaign_unit',
      entityId: `${ref.campaign.code}/${ref.unitCode}`,
      before: { kiosk: before?.kioskKeyHash !== null && before?.kioskKeyHash !== undefined },
      after: { kiosk: true },
    });
    return { url: kioskFormPath(ref.slug, key) };
  });
}

/** A4 at 96 CSS pixels per inch. */
export const POSTER_SIZE = { width: 794, height: 1123 };

export interface Poster {
  html: string;
  /** The file name without its extension: ma-qr-<campaign>-<unit>. */
  name: string;
  url: string;
}

/**
 * The QR poster of a unit's short link: the campaign's and the unit's names, the call to scan, the QR code (inline
 * SVG) and the link written out for those who type it. `baseUrl` is PUBLIC_URL or the request's own address.
 */
export async function unitPoster(db: Db, actor: Actor, code: string, unitCode: string, baseUrl: string): Promise<Poster> {
  const ref = await campaignUnit(db, actor, code, unitCode);
  const url = `${baseUrl}${publicFormPath(ref.slug)}`;
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
  return { html: posterHtml({ campaign: ref.campaign.name, unit: ref.unitName, url, qrSvg: svg }), name: `ma-qr-${ref.campaign.code}-${ref.unitCode}`, url };
}

export function posterHtml(input: { campaign: string; unit: string; url: string; qrSvg: string }): string {
  const shortUrl = input.url.replace(/^https?:\/\//, '');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(input.unit)}</title>
<style>
  @page { size: A4; margin: 0; }
  html, body { margin: 0; padding: 0; }
  body { width: 210mm; height: 297mm; box-sizing: border-box; padding: 18mm 16mm; font-family: 'DejaVu Sans', sans-serif; color: #111;
    display: flex; flex-direction: column; align-items: center; text-align: center; background: #fff; }
  .campaign { font-size: 15pt; text-transform: uppercase; letter-spacing: 0.5pt; color: #1a4f8b; margin: 0 0 6mm; font-weight: bold; }
  .unit { font-size: 26pt; font-weight: bold; margin: 0 0 10mm; line-height: 1.2; }
  .qr { width: 130mm; height: 130mm; border: 1.2mm solid #1a4f8b; border-radius: 4mm; padding: 4mm; box-sizing: content-box; }
  .qr svg { width: 100%; height: 100%; display: block; }
  .call { font-size: 19pt; font-weight: bold; margin: 10mm 0 4mm; color: #1a4f8b; }
  .url { font-family: 'DejaVu Sans Mono', monospace; font-size: 17pt; margin: 0 0 8mm; word-break: break-all; }
  .note { font-size: 11pt; color: #444; margin-top: auto; }
</style></head>
<body>
  <p class="campaign">${escapeHtml(input.campaign)}</p>
  <p class="unit">${escapeHtml(input.unit)}</p>
  <div class="qr">${input.qrSvg}</div>
  <p class="call">Quét mã QR để đánh giá mức độ hài lòng</p>
  <p class="url">${escapeHtml(shortUrl)}</p>
  <p class="note">Phiếu khảo sát không cần đăng nhập và không ghi tên người trả lời. Xin cảm ơn ông/bà!</p>
</body></html>`;
}
