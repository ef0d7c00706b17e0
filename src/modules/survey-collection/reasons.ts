import { defineReasons, failWith } from '../../errors.js';

/**
 * Why the public survey form (QR, kiosk, personal link) or its staff tools (kiosk key, QR poster) refuse. The answers'
 * own problems (a scale value out of range, an unknown option, a text too long) are the surveys' core reasons.
 */
export const reasons = defineReasons({
  survey_link_unknown: {
    code: 'not_found',
    vi: 'Đường dẫn khảo sát không đúng hoặc không còn dùng được',
    en: 'This survey link is wrong or no longer in use',
  },
  survey_kiosk_key_unknown: {
    code: 'not_found',
    vi: 'Mã máy tính bảng tại quầy không đúng hoặc đã được cấp lại',
    en: 'This kiosk key is wrong or has been replaced',
  },
  survey_token_unknown: {
    code: 'not_found',
    vi: 'Đường dẫn cá nhân không đúng hoặc không còn dùng được',
    en: 'This personal survey link is wrong or no longer in use',
  },
  survey_response_unknown: {
    code: 'not_found',
    vi: 'Không tìm thấy phiếu đang điền; hãy mở lại đường dẫn khảo sát',
    en: 'No response in progress was found; open the survey link again',
  },
  survey_campaign_closed: {
    code: 'conflict',
    vi: 'Đợt khảo sát {{campaign}} đã kết thúc, không nhận thêm phiếu',
    en: 'Survey campaign {{campaign}} has ended and takes no more responses',
  },
  survey_campaign_not_open: {
    code: 'conflict',
    vi: 'Đợt khảo sát {{campaign}} chưa bắt đầu; phiếu được nhận từ ngày {{opensOn}}',
    en: 'Survey campaign {{campaign}} has not started; responses are taken from {{opensOn}}',
  },
  survey_channel_unavailable: {
    code: 'conflict',
    vi: 'Đợt khảo sát {{campaign}} không nhận phiếu qua kênh này ({{channel}})',
    en: 'Survey campaign {{campaign}} takes no responses through this channel ({{channel}})',
  },
  survey_already_submitted: {
    code: 'conflict',
    vi: 'Phiếu đã được gửi. Cảm ơn ông/bà đã tham gia khảo sát',
    en: 'This response has already been submitted. Thank you for taking part',
  },
  survey_rate_limited: {
    code: 'rate_limited',
    vi: 'Có quá nhiều phiếu được bắt đầu từ địa chỉ này; vui lòng thử lại sau {{seconds}} giây',
    en: 'Too many responses were started from this address; try again in {{seconds}} seconds',
  },
  survey_body_too_large: {
    code: 'payload_too_large',
    vi: 'Nội dung phiếu gửi lên quá lớn (tối đa {{kilobytes}} KB)',
    en: 'The response sent is too large (at most {{kilobytes}} KB)',
  },
  survey_cross_origin: {
    code: 'forbidden',
    vi: 'Phiếu chỉ được gửi từ trang khảo sát của hệ thống',
    en: 'Responses are taken only from the survey pages of this site',
  },
  survey_ratings_missing: {
    code: 'validation_failed',
    vi: 'Chưa đánh giá đơn vị nào',
    en: 'No unit has been rated',
  },
  survey_ratings_not_taken: {
    code: 'validation_failed',
    vi: 'Phiếu này không đánh giá đơn vị nào khác',
    en: 'This form rates no other units',
  },
  survey_collection_unit_not_found: {
    code: 'not_found',
    vi: 'Đơn vị {{unit}} không thuộc đợt khảo sát {{campaign}}',
    en: 'Unit {{unit}} is not part of survey campaign {{campaign}}',
  },
  survey_collection_may_not: {
    code: 'forbidden',
    vi: 'Chỉ Sở Nội vụ hoặc cán bộ của đơn vị {{unit}} được cấp mã máy tính bảng và in áp phích mã QR của đơn vị',
    en: "Only the organizer or the staff of unit {{unit}} may issue the unit's kiosk key and print its QR poster",
  },
});

export type SurveyCollectionReason = keyof typeof reasons;
export const fail = failWith(reasons);
