import { ApiError } from './api.js';

const KINDS = { SUGGESTION: 'Góp ý', QUESTION: 'Câu hỏi', COMPLAINT: 'Phản ánh', TIP: 'Tin báo bảo mật' } as const;
const STATUSES = { PENDING: 'Chờ duyệt', APPROVED: 'Đã công khai', REJECTED: 'Bị từ chối', HIDDEN: 'Đã ẩn' } as const;
const SESSION_STATUSES = { SCHEDULED: 'Sắp diễn ra', LIVE: 'Đang diễn ra', CLOSED: 'Đã kết thúc' } as const;
const OUTCOMES = {
  ACKNOWLEDGED: 'Đã tiếp nhận',
  IN_PROGRESS: 'Đang giải quyết',
  RESOLVED: 'Đã giải quyết',
  REFERRED: 'Đã chuyển cơ quan khác',
  DECLINED: 'Không giải quyết',
} as const;

const TIP_STATUSES = {
  RECEIVED: 'Đã tiếp nhận',
  VERIFYING: 'Đang xác minh',
  CASE_OPENED: 'Đã khởi tố / lập hồ sơ',
  UNFOUNDED: 'Không có cơ sở',
  CLOSED: 'Đã kết thúc',
} as const;

// In the API's enum order: the moderator's select offers them so, and keys move through them so.
const MODERATION_REASONS = {
  DUPLICATE: 'Trùng lặp',
  OFF_TOPIC: 'Ngoài phạm vi phiên',
  ABUSIVE: 'Ngôn từ không phù hợp',
  PERSONAL_DATA: 'Có thông tin cá nhân',
  SPAM: 'Quảng cáo, spam',
  UNLAWFUL: 'Vi phạm pháp luật',
  OTHER: 'Lý do khác',
} as const;

const PERSONAL_DATA_KINDS = {
  PHONE: 'Số điện thoại',
  ID_NUMBER: 'Số CCCD/CMND',
  EMAIL: 'E-mail',
  PLATE: 'Biển số xe',
  ADDRESS: 'Địa chỉ nhà',
} as const;

// How an opinion reached the unit (Opinion.channel); staff type in all but APP.
const CHANNELS = {
  APP: 'Ứng dụng',
  HOTLINE: 'Đường dây nóng',
  PAPER: 'Phiếu giấy',
  IN_PERSON: 'Trực tiếp tại trụ sở',
  EMAIL: 'E-mail',
  SOCIAL: 'Mạng xã hội',
} as const;

const STAFF_ROLES = { MODERATOR: 'Điều hành viên', OFFICER: 'Cán bộ trả lời', ADMIN: 'Quản trị đơn vị' } as const;

// The audit log's actions (AuditEntry.action); one the page does not know shows as sent.
const AUDIT_ACTIONS = {
  SESSION_CREATED: 'Tạo phiên',
  SESSION_UPDATED: 'Sửa phiên',
  SESSION_STATUS_CHANGED: 'Đổi trạng thái phiên',
  OPINION_APPROVED: 'Duyệt ý kiến',
  OPINION_REJECTED: 'Từ chối ý kiến',
  OPINION_HIDDEN: 'Ẩn ý kiến',
  OPINION_RESTORED: 'Khôi phục ý kiến',
  OPINION_REDACTED: 'Che thông tin',
  RESPONSE_POSTED: 'Trả lời',
  RESPONSE_CORRECTED: 'Sửa trả lời',
  TIP_FOLLOWED_UP: 'Theo dõi tin báo',
  STAFF_CREATED: 'Tạo tài khoản cán bộ',
  STAFF_UPDATED: 'Sửa tài khoản cán bộ',
  STAFF_PASSWORD_RESET: 'Đặt lại mật khẩu',
  STAFF_PASSWORD_CHANGED: 'Đổi mật khẩu',
  UNIT_CREATED: 'Tạo đơn vị',
} as const;

/** Vietnamese names of the API's enums, in the order forms offer them. */
export const labels = {
  kind: KINDS,
  status: STATUSES,
  sessionStatus: SESSION_STATUSES,
  outcome: OUTCOMES,
  tipStatus: TIP_STATUSES,
  moderationReason: MODERATION_REASONS,
  personalData: PERSONAL_DATA_KINDS,
  channel: CHANNELS,
  staffRole: STAFF_ROLES,
  auditAction: AUDIT_ACTIONS,
};

/** The label of an enum value, or the value itself when this page does not know it yet. */
export function label<T extends Record<string, string>>(names: T, value: string): string {
  return (names as Record<string, string>)[value] ?? value;
}

/** Time of day and date as people in Vietnam write them. */
export function when(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())} ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/**
 * Why an opinion was refused or hidden, as its author and the staff read it: the reason code's
 * label, then the moderator's words unless they only repeat it (the console sends the label when
 * the moderator adds none, since the API wants words).
 */
export function moderationReasonText(code: string | null, words: string | null): string {
  const named = code ? label(MODERATION_REASONS, code) : null;
  return [named, words !== named ? words : null].filter(Boolean).join(': ');
}

/** A record fingerprint's first 12 hex digits in groups of four: enough to compare the screen with the minutes. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 12).replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * A Vietnamese sentence for a refusal. The server already words its refusals in Vietnamese (the
 * pages ask for it); only what never reached it, or what it words for machines, is worded here.
 */
export function refusal(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Đã có lỗi. Vui lòng thử lại.';
  switch (error.code) {
    case 'NETWORK':
      return 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.';
    case 'UNAVAILABLE':
      return 'Máy chủ đang bận hoặc khởi động lại. Vui lòng thử lại sau ít giây.';
    case 'RATE_LIMITED': {
      const seconds = Number(error.extensions.retryAfterSeconds);
      return `Bạn gửi hơi nhanh. Vui lòng thử lại sau ${Number.isFinite(seconds) && seconds > 0 ? `${Math.ceil(seconds)} giây` : 'ít phút'}.`;
    }
    case 'BAD_USER_INPUT':
    case 'CONFLICT':
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'NOT_FOUND':
      return error.message;
    default:
      return 'Đã có lỗi ở máy chủ. Vui lòng thử lại.';
  }
}
