import { defineReasons, failWith, invalidWith } from '../../errors.js';

/** Why the campaigns part of the surveys refuses a request: each reason in Vietnamese and English (src/catalogue.ts). */
export const reasons = defineReasons({
  survey_campaign_channel_twice: { code: 'validation_failed', vi: 'một kênh khảo sát được chọn hai lần', en: 'a channel is chosen twice' },
  survey_campaign_dates_order: {
    code: 'validation_failed',
    vi: 'ngày kết thúc {{closesOn}} trước ngày bắt đầu {{opensOn}}',
    en: 'the closing date {{closesOn}} is before the opening date {{opensOn}}',
  },
  survey_campaign_date_outside_year: {
    code: 'validation_failed',
    vi: 'ngày {{date}} không thuộc năm {{year}} của đợt khảo sát',
    en: 'date {{date}} is not in the campaign’s year {{year}}',
  },
  survey_campaign_units_or_block: {
    code: 'validation_failed',
    vi: 'chọn đơn vị theo khối hoặc chọn từng đơn vị, không cả hai',
    en: 'choose the units by block or one by one, not both',
  },
  survey_campaign_exists: { code: 'conflict', vi: 'Đã có đợt khảo sát mã {{campaign}}', en: 'Campaign {{campaign}} already exists' },
  survey_campaign_template_unknown: { code: 'validation_failed', vi: 'không có mẫu phiếu {{template}}', en: 'there is no template {{template}}' },
  survey_campaign_unit_not_exist: { code: 'validation_failed', vi: 'không có đơn vị {{unit}}', en: 'there is no unit {{unit}}' },
  survey_campaign_block_unknown: { code: 'validation_failed', vi: 'không có khối {{block}}', en: 'there is no block {{block}}' },
  survey_campaign_block_empty: {
    code: 'validation_failed',
    vi: 'khối {{block}} không có đơn vị nào trong năm {{year}}',
    en: 'block {{block}} has no unit in {{year}}',
  },
  survey_campaign_unit_exists: {
    code: 'conflict',
    vi: 'đơn vị {{unit}} đã thuộc đợt khảo sát {{campaign}}',
    en: 'unit {{unit}} is already part of campaign {{campaign}}',
  },
  survey_campaign_unit_has_responses: {
    code: 'conflict',
    vi: 'Không thể bỏ đơn vị {{unit}} khỏi đợt khảo sát vì đã có phiếu hoặc đường dẫn cá nhân của đơn vị này',
    en: 'Unit {{unit}} cannot be removed from the campaign: it has responses or personal links',
  },
  survey_campaign_units_by_groups: {
    code: 'validation_failed',
    vi: 'đợt khảo sát cán bộ, công chức lấy đơn vị từ các nhóm đối tượng: hãy sửa đơn vị trong nhóm',
    en: 'an officials’ campaign takes its units from its respondent groups: change the groups’ units',
  },
  survey_campaign_already_closed: { code: 'conflict', vi: 'Đợt khảo sát {{campaign}} đã kết thúc', en: 'Campaign {{campaign}} is already closed' },
  survey_campaign_not_officials: {
    code: 'validation_failed',
    vi: 'chỉ đợt khảo sát cán bộ, công chức (officials) mới có nhóm đối tượng',
    en: 'only an officials’ campaign has respondent groups',
  },
  survey_campaign_channel_off: {
    code: 'validation_failed',
    vi: 'đợt khảo sát không dùng kênh {{channel}}',
    en: 'the campaign does not use the channel {{channel}}',
  },
  survey_group_exists: { code: 'conflict', vi: 'Đã có nhóm đối tượng {{group}} trong đợt khảo sát', en: 'Group {{group}} already exists in the campaign' },
  survey_group_not_found: { code: 'not_found', vi: 'Không tìm thấy nhóm đối tượng {{group}}', en: 'Group {{group}} not found' },
  survey_group_has_responses: {
    code: 'conflict',
    vi: 'Không thể xóa nhóm {{group}} vì đã có phiếu trả lời từ nhóm này',
    en: 'Group {{group}} cannot be deleted: it has responses',
  },
  survey_links_group_or_unit: {
    code: 'validation_failed',
    vi: 'chọn một nhóm đối tượng hoặc một đơn vị (đúng một trong hai)',
    en: 'choose a respondent group or a unit (exactly one)',
  },
  survey_links_labels_or_count: {
    code: 'validation_failed',
    vi: 'nhập danh sách người nhận hoặc số lượng đường dẫn (đúng một trong hai)',
    en: 'give the list of recipients or the number of links (exactly one)',
  },
  survey_links_need_group: {
    code: 'validation_failed',
    vi: 'đường dẫn của đợt khảo sát cán bộ, công chức được cấp theo nhóm đối tượng',
    en: 'links of an officials’ campaign are issued per respondent group',
  },
  survey_links_need_unit: {
    code: 'validation_failed',
    vi: 'đường dẫn của đợt khảo sát này được cấp theo đơn vị',
    en: 'links of this campaign are issued per unit',
  },
});

export type CampaignReason = keyof typeof reasons;
export const fail = failWith(reasons);
export const invalid = invalidWith(reasons);
