// The one catalogue of what clients read: every refusal by a stable id, its English and its
// Vietnamese side by side, and the Vietnamese word for each state of the API's enums. The server
// renders its refusals from here (src/common/errors.ts, src/common/locale.ts) and the web pages
// take their state words from here, so a state has one name everywhere.
// Pure TypeScript: the browser bundles this file too.

/** The languages clients are answered in. */
export type Locale = 'vi' | 'en';

interface Texts {
  readonly en: string;
  readonly vi: string;
}

/**
 * Message id → its English and Vietnamese. `{name}` is a value given where the message is thrown
 * (a field, a number, a status, or another message); both texts name the same placeholders.
 * The English is what clients read today: change it only as an API change.
 */
export const MESSAGES = {
  // Access (src/common/errors.ts, src/auth/)
  'auth.forbidden': { en: 'You are not allowed to do this', vi: 'Bạn không có quyền thực hiện thao tác này' },
  'auth.signInFirst': { en: 'Sign in first', vi: 'Vui lòng đăng nhập trước' },
  'auth.tokenExpired': { en: 'Token expired: sign in again', vi: 'Phiên đăng nhập đã hết hạn: vui lòng đăng nhập lại' },
  'auth.tokenRevoked': { en: 'Token revoked: sign in again', vi: 'Phiên đăng nhập đã bị thu hồi: vui lòng đăng nhập lại' },
  'auth.invalidToken': { en: 'Invalid token', vi: 'Mã đăng nhập không hợp lệ' },
  'auth.bearerFormat': { en: 'Authorization must be "Bearer <token>"', vi: 'Tiêu đề Authorization phải có dạng "Bearer <token>"' },
  'auth.wrongCredentials': { en: 'Invalid email or password', vi: 'Email hoặc mật khẩu không đúng' },
  'auth.deactivated': {
    en: 'This account is deactivated: ask an admin of your unit',
    vi: 'Tài khoản này đã bị vô hiệu hóa: vui lòng liên hệ quản trị viên của đơn vị',
  },
  'citizen.tokenUnknown': { en: 'This citizen token is no longer known: join again', vi: 'Mã công dân này không còn hiệu lực: vui lòng tham gia phiên lại' },

  // Not found
  'unit.notFound': { en: 'Unit not found', vi: 'Không tìm thấy đơn vị' },
  'unit.parentNotFound': { en: 'Parent unit not found', vi: 'Không tìm thấy đơn vị cấp trên' },
  'session.notFound': { en: 'Session not found', vi: 'Không tìm thấy phiên' },
  'opinion.notFound': { en: 'Opinion not found', vi: 'Không tìm thấy ý kiến' },
  'response.notFound': { en: 'Response not found', vi: 'Không tìm thấy câu trả lời' },
  'staff.notFound': { en: 'Staff member not found', vi: 'Không tìm thấy cán bộ' },

  // Text, numbers, dates, pages (src/common/, src/auth/password.ts)
  'text.empty': { en: '{field} must not be empty', vi: '{field} không được để trống' },
  'text.tooShort': { en: '{field} needs at least {min} characters', vi: '{field} cần có ít nhất {min} ký tự' },
  'text.tooLong': { en: '{field} is too long: {length} characters, at most {max}', vi: '{field} quá dài: {length} ký tự, tối đa {max} ký tự' },
  'text.tooLongAtMost': { en: '{field} is too long: at most {max} characters', vi: '{field} quá dài: tối đa {max} ký tự' },
  'date.invalid': { en: '{field} is not a valid date', vi: '{field} không phải là ngày giờ hợp lệ' },
  'page.firstInvalid': { en: 'first must be zero or a positive integer', vi: 'Số mục mỗi trang (first) phải là 0 hoặc một số nguyên dương' },
  'cursor.afterSeqInvalid': {
    en: 'afterSeq must be zero or a positive integer',
    vi: 'Số thứ tự bắt đầu (afterSeq) phải là 0 hoặc một số nguyên dương',
  },
  'cursor.invalid': { en: 'Invalid cursor', vi: 'Con trỏ phân trang không hợp lệ' },
  'cursor.otherSession': { en: 'This cursor belongs to another session', vi: 'Con trỏ này thuộc về một phiên khác' },
  'cursor.ahead': { en: 'This cursor is ahead of the session record', vi: 'Con trỏ này vượt quá diễn biến hiện có của phiên' },
  'password.fewDistinct': { en: '{field} needs at least {count} different characters', vi: '{field} cần có ít nhất {count} ký tự khác nhau' },
  'password.common': {
    en: '{field} is a common password: choose one that is hard to guess',
    vi: '{field} là mật khẩu quá phổ biến: vui lòng chọn mật khẩu khó đoán hơn',
  },

  // Rate limits (src/auth/rate-limiter.ts): {refusal} is one of rateLimit.*, {wait} one of duration.*
  'rateLimit.retry': { en: '{refusal}: try again in {wait}', vi: '{refusal}. Vui lòng thử lại sau {wait}.' },
  'duration.oneSecond': { en: '1 second', vi: '1 giây' },
  'duration.seconds': { en: '{count} seconds', vi: '{count} giây' },
  'duration.minutes': { en: '{count} minutes', vi: '{count} phút' },
  'rateLimit.submitOpinion': { en: 'Too many opinions sent', vi: 'Bạn đã gửi quá nhiều ý kiến' },
  'rateLimit.intakeOpinion': { en: 'Too many opinions entered', vi: 'Bạn đã nhập quá nhiều ý kiến' },
  'rateLimit.upvoteOpinion': { en: 'Too many upvotes', vi: 'Bạn đã ủng hộ quá nhiều lần' },
  'rateLimit.joinAsCitizen': { en: 'Too many citizen sign-ups from this network', vi: 'Có quá nhiều lượt tham gia từ mạng này' },
  'rateLimit.joinAsCitizenDevice': { en: 'Too many citizen sign-ups from this device', vi: 'Thiết bị này đã tham gia quá nhiều lần' },
  'rateLimit.login': { en: 'Too many failed sign-ins', vi: 'Đăng nhập sai quá nhiều lần' },
  'rateLimit.sessionByCode': { en: 'Too many join codes tried from this network', vi: 'Có quá nhiều lượt thử mã tham gia từ mạng này' },

  // Units and staff
  'unit.addUnderNotAllowed': {
    en: 'Only an admin of the parent unit or a unit above it can add units under it',
    vi: 'Chỉ quản trị viên của đơn vị cấp trên mới được thêm đơn vị trực thuộc',
  },
  'unit.addTopLevelNotAllowed': { en: 'Only the system administrator can add a top-level unit', vi: 'Chỉ quản trị viên hệ thống mới được thêm đơn vị cấp cao nhất' },
  'staff.manageNotAllowed': {
    en: 'Only an admin of this unit or a unit above it can manage its staff',
    vi: 'Chỉ quản trị viên của đơn vị này hoặc đơn vị cấp trên mới được quản lý cán bộ của đơn vị',
  },
  'staff.emailInvalid': { en: 'email is not a valid e-mail address', vi: 'Địa chỉ email không hợp lệ' },
  'staff.emailTaken': { en: 'A staff member with this email already exists', vi: 'Email này đã được một cán bộ khác sử dụng' },
  'staff.ownAccount': {
    en: 'Ask another admin to change your own role, unit or activity',
    vi: 'Bạn không thể tự đổi vai trò, đơn vị hoặc trạng thái hoạt động của mình: hãy nhờ một quản trị viên khác',
  },
  'staff.passwordNeedsStaff': { en: 'Sign in as staff to change your password', vi: 'Vui lòng đăng nhập bằng tài khoản cán bộ để đổi mật khẩu' },
  'staff.signOutNeedsStaff': { en: 'Sign in as staff to sign out', vi: 'Vui lòng đăng nhập bằng tài khoản cán bộ để đăng xuất' },
  'staff.currentPasswordWrong': { en: 'currentPassword is not your current password', vi: 'Mật khẩu hiện tại không đúng' },
  'staff.roleInvalid': {
    en: 'role must be MODERATOR, OFFICER or ADMIN',
    vi: 'Vai trò phải là MODERATOR (kiểm duyệt viên), OFFICER (cán bộ trả lời) hoặc ADMIN (quản trị đơn vị)',
  },
  'audit.readNotAllowed': {
    en: "Only the unit's own staff and the admins of the units above it read its audit log",
    vi: 'Chỉ cán bộ của đơn vị và quản trị viên của các đơn vị cấp trên mới được xem nhật ký hoạt động của đơn vị',
  },

  // Sessions
  'session.createNotAllowed': {
    en: 'Only an admin or a moderator of this unit can create its sessions',
    vi: 'Chỉ quản trị viên hoặc kiểm duyệt viên của đơn vị mới được tạo phiên cho đơn vị',
  },
  'session.changeNotAllowed': {
    en: 'Only an admin or a moderator of this unit can change this session',
    vi: 'Chỉ quản trị viên hoặc kiểm duyệt viên của đơn vị mới được thay đổi phiên này',
  },
  'session.reopenNeedsAdmin': { en: 'Only an admin can reopen a closed session', vi: 'Chỉ quản trị viên mới được mở lại phiên đã kết thúc' },
  'session.transition': { en: 'A {from} session cannot become {to}', vi: 'Không thể chuyển phiên từ trạng thái “{from}” sang “{to}”' },
  'session.changedReload': { en: 'The session changed meanwhile; reload and try again', vi: 'Phiên vừa được người khác thay đổi: vui lòng tải lại rồi thử lại' },
  'session.changedRetry': { en: 'The session changed meanwhile; try again', vi: 'Phiên vừa thay đổi: vui lòng thử lại' },
  'session.topicNameTaken': { en: 'Another topic of this session already has that name', vi: 'Phiên đã có một chủ đề khác trùng tên này' },
  'session.topicNamesRepeat': { en: 'Two topics cannot be given the same name', vi: 'Hai chủ đề không được trùng tên' },
  'session.tooManyTopics': { en: 'A session has at most {max} topics', vi: 'Mỗi phiên có tối đa {max} chủ đề' },
  'session.endsBeforeStart': { en: 'endsAt must be after startsAt', vi: 'Thời gian kết thúc phải sau thời gian bắt đầu' },
  'session.renameUnknownTopic': { en: 'renameTopics names a topic that is not in this session', vi: 'Chủ đề cần đổi tên không thuộc phiên này' },
  'session.renameTwice': { en: 'renameTopics names the same topic twice', vi: 'Một chủ đề bị đổi tên hai lần trong cùng một yêu cầu' },

  // Opinions
  'opinion.intakeBeforeLive': {
    en: 'The session is SCHEDULED: staff enter opinions once it is LIVE or CLOSED',
    vi: 'Phiên chưa bắt đầu: cán bộ chỉ nhập ý kiến khi phiên đang diễn ra hoặc đã kết thúc',
  },
  'opinion.sessionNotLive': { en: 'The session is {status}: it accepts opinions only while LIVE', vi: 'Phiên {status}: chỉ nhận ý kiến khi phiên đang diễn ra' },
  'opinion.anonymousNotAllowed': {
    en: 'This session does not take anonymous opinions: give your name in authorName',
    vi: 'Phiên này không nhận ý kiến ẩn danh: vui lòng ghi họ tên của bạn',
  },
  'opinion.topicNotInSession': { en: 'topicId is not a topic of this session', vi: 'Chủ đề đã chọn không thuộc phiên này' },
  'opinion.otherChannelPostAsApp': {
    en: "Only staff of the session's unit enter opinions from other channels; post as APP",
    vi: 'Chỉ cán bộ của đơn vị tổ chức phiên mới được nhập ý kiến từ các kênh khác; hãy gửi qua ứng dụng (APP)',
  },
  'opinion.otherChannelNotAllowed': {
    en: "Only staff of the session's unit enter opinions from other channels",
    vi: 'Chỉ cán bộ của đơn vị tổ chức phiên mới được nhập ý kiến từ các kênh khác',
  },
  'opinion.receivedAtIntakeOnly': {
    en: "receivedAt is given only by the session unit's staff entering an opinion from another channel",
    vi: 'Chỉ cán bộ của đơn vị tổ chức phiên khi nhập ý kiến từ kênh khác mới được ghi thời điểm tiếp nhận',
  },
  'opinion.receivedAtInFuture': {
    en: 'receivedAt must not be in the future',
    vi: 'Thời điểm tiếp nhận không được muộn hơn thời điểm hiện tại',
  },
  'opinion.idempotencyKeyReused': {
    en: 'idempotencyKey was already used for a different opinion',
    vi: 'Mã chống gửi trùng (idempotencyKey) đã được dùng cho một ý kiến khác',
  },
  'opinion.mineNeedsCitizen': {
    en: 'A citizen token is needed to follow your opinions',
    vi: 'Vui lòng tham gia phiên với tư cách công dân để theo dõi ý kiến của mình',
  },
  'upvote.needsCitizenToken': { en: 'Upvoting needs a citizen token (joinAsCitizen)', vi: 'Vui lòng tham gia phiên với tư cách công dân để ủng hộ ý kiến' },
  'upvote.onlyCitizens': { en: 'Only citizens upvote', vi: 'Chỉ công dân mới được ủng hộ ý kiến' },
  'upvote.onlyPublished': { en: 'Only published opinions can be upvoted', vi: 'Chỉ có thể ủng hộ những ý kiến đã được công bố' },
  'upvote.onlyWhileLive': { en: 'Upvoting is open only while the session is LIVE', vi: 'Chỉ có thể ủng hộ ý kiến khi phiên đang diễn ra' },
  'moderation.reasonMissing': { en: '{action} needs a reason', vi: 'Cần nêu lý do khi {action} ý kiến' },
  'moderation.reasonCodeMissing': { en: '{action} needs a reasonCode', vi: 'Cần chọn mã lý do khi {action} ý kiến' },
  'moderation.notAllowed': {
    en: "Only moderators and admins of the session's unit moderate its opinions",
    vi: 'Chỉ kiểm duyệt viên và quản trị viên của đơn vị tổ chức phiên mới được kiểm duyệt ý kiến',
  },
  'moderation.transition': { en: 'Cannot {action} an opinion that is {status}', vi: 'Không thể {action} ý kiến đang ở trạng thái “{status}”' },
  'moderation.changedMeanwhile': { en: 'Someone moderated this opinion meanwhile; reload it', vi: 'Ý kiến vừa được người khác kiểm duyệt: vui lòng tải lại' },
  'redaction.notAllowed': {
    en: "Only moderators and admins of the session's unit redact its opinions",
    vi: 'Chỉ kiểm duyệt viên và quản trị viên của đơn vị tổ chức phiên mới được biên tập lại ý kiến',
  },
  'redaction.changedMeanwhile': { en: 'Someone changed this opinion meanwhile; reload it', vi: 'Ý kiến vừa được người khác thay đổi: vui lòng tải lại' },
  'live.submittedSignIn': {
    en: "opinionSubmitted is for the staff of the session's unit: sign in",
    vi: 'Luồng ý kiến mới (opinionSubmitted) chỉ dành cho cán bộ của đơn vị tổ chức phiên: vui lòng đăng nhập',
  },
  'live.submittedStaffOnly': {
    en: "opinionSubmitted is for the staff of the session's unit",
    vi: 'Luồng ý kiến mới (opinionSubmitted) chỉ dành cho cán bộ của đơn vị tổ chức phiên',
  },

  // Responses
  'response.notAllowed': {
    en: "Only staff of the session's unit respond to its opinions",
    vi: 'Chỉ cán bộ của đơn vị tổ chức phiên mới được trả lời ý kiến của phiên',
  },
  'response.correctNotAllowed': {
    en: "Only staff of the session's unit correct its responses",
    vi: 'Chỉ cán bộ của đơn vị tổ chức phiên mới được sửa câu trả lời của phiên',
  },
  'response.correctionEmpty': { en: 'Give the corrected body, outcome or both', vi: 'Vui lòng nhập nội dung hoặc kết quả xử lý đã sửa, hoặc cả hai' },
  'response.changedMeanwhile': { en: 'Someone corrected this response meanwhile; reload it', vi: 'Câu trả lời vừa được người khác sửa: vui lòng tải lại' },

  // Tips
  'tip.notAllowed': {
    en: "Only staff of the session's unit follow up its tips",
    vi: 'Chỉ cán bộ của đơn vị tổ chức phiên mới được theo dõi, xử lý tin báo của phiên',
  },
  'tip.onlyTips': { en: 'Only tips (kind TIP) are followed up', vi: 'Chỉ tin báo tố giác (loại TIP) mới được theo dõi xử lý' },
  'tip.suspectsInvalid': { en: 'suspects must be a whole number from 0 to {max}', vi: 'Số đối tượng phải là số nguyên từ 0 đến {max}' },
  'tip.transition': { en: 'A tip that is {from} cannot become {to}', vi: 'Không thể chuyển tin báo từ trạng thái “{from}” sang “{to}”' },
  'tip.caseFieldsOutsideCase': {
    en: 'caseNumber and suspects belong to a case: CASE_OPENED or CLOSED',
    vi: 'Chỉ ghi số hồ sơ vụ việc và số đối tượng khi tin báo đã lập hồ sơ vụ việc (CASE_OPENED) hoặc đã kết thúc (CLOSED)',
  },
  'tip.caseNumberMissing': { en: 'Opening a case needs its caseNumber', vi: 'Cần nhập số hồ sơ vụ việc khi lập hồ sơ vụ việc' },
  'tip.changedMeanwhile': { en: 'Someone followed up this tip meanwhile; reload it', vi: 'Tin báo vừa được người khác cập nhật: vui lòng tải lại' },

  // Reports and exports
  'export.opinionsNotAllowed': {
    en: "Only staff of the session's unit export its opinions",
    vi: 'Chỉ cán bộ của đơn vị tổ chức phiên mới được xuất danh sách ý kiến của phiên',
  },
  'export.reportNotAllowed': { en: "Only the unit's staff export its report", vi: 'Chỉ cán bộ của đơn vị mới được xuất báo cáo của đơn vị' },
  'export.needsStaffToken': { en: 'Exports need a staff token', vi: 'Vui lòng đăng nhập bằng tài khoản cán bộ để xuất dữ liệu' },
  'export.staffOnly': { en: 'Exports are for staff', vi: 'Chỉ cán bộ mới được xuất dữ liệu' },
  'report.toBeforeFrom': { en: 'to must be after from', vi: 'Ngày kết thúc phải sau ngày bắt đầu' },
  'report.yearOutOfRange': { en: '{field} must fall in the years {first} to {last}', vi: '{field} phải nằm trong khoảng từ năm {first} đến năm {last}' },

  // Transport (src/server/, src/db/)
  'server.internal': { en: 'Internal server error', vi: 'Lỗi máy chủ' },
  'server.internalDetail': { en: 'Internal server error: {detail}', vi: 'Lỗi máy chủ: {detail}' },
  'server.databaseUnavailable': {
    en: 'Database unavailable: try again in a moment',
    vi: 'Cơ sở dữ liệu tạm thời không truy cập được: vui lòng thử lại sau giây lát',
  },
  'input.nulCharacter': {
    en: 'Text and IDs must not contain the NUL character (U+0000): remove it and send again',
    vi: 'Văn bản và mã định danh không được chứa ký tự NUL (U+0000): vui lòng xóa ký tự đó rồi gửi lại',
  },
  'transport.subscriptionOverHttp': {
    en: 'Subscriptions go over WebSocket (graphql-transport-ws) on this same /graphql path; HTTP serves queries and mutations',
    vi: 'Đăng ký nhận tin (subscription) đi qua WebSocket (graphql-transport-ws) trên cùng đường dẫn /graphql; HTTP chỉ phục vụ truy vấn và thao tác',
  },
  'transport.onlySubscriptions': {
    en: 'Only subscriptions go over WebSocket; send queries and mutations over HTTP',
    vi: 'WebSocket chỉ dành cho đăng ký nhận tin (subscription); truy vấn và thao tác hãy gửi qua HTTP',
  },
  'query.syntaxError': { en: 'Syntax Error', vi: 'Lỗi cú pháp' },
  'query.operationNameMissing': { en: 'Name the operation to run (operationName)', vi: 'Vui lòng nêu tên thao tác cần chạy (operationName)' },
  'query.tooDeep': { en: 'Query is too deep: {depth} levels, at most {max}', vi: 'Truy vấn lồng quá sâu: {depth} cấp, tối đa {max} cấp' },
  'query.tooManyAliases': { en: 'Query has too many aliases: {count}, at most {max}', vi: 'Truy vấn có quá nhiều bí danh (alias): {count}, tối đa {max}' },
  'query.tooCostly': {
    en: 'Query is too costly: {cost} points, at most {max} (each field counts 1, stats {stats}, times the page size of the lists around it): ask for smaller pages or fewer fields',
    vi: 'Truy vấn quá nặng: {cost} điểm, tối đa {max} (mỗi trường tính 1 điểm, stats tính {stats}, nhân với kích thước trang của các danh sách bao quanh): vui lòng yêu cầu trang nhỏ hơn hoặc ít trường hơn',
  },

  // The web pages' own, for what never reached the server or came back without words (src/web/messages.ts)
  'client.failed': { en: 'Something went wrong: try again', vi: 'Đã có lỗi. Vui lòng thử lại.' },
  'client.network': { en: 'Cannot reach the server: check the network and try again', vi: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.' },
  'client.unavailable': {
    en: 'The server is busy or restarting: try again in a few seconds',
    vi: 'Máy chủ đang bận hoặc khởi động lại. Vui lòng thử lại sau ít giây.',
  },
  'client.serverFailed': { en: 'The server ran into an error: try again', vi: 'Đã có lỗi ở máy chủ. Vui lòng thử lại.' },
} as const satisfies Record<string, Texts>;

/** A message's stable id: a typo, or an English sentence where an id belongs, fails the typecheck. */
export type MessageId = keyof typeof MESSAGES;

type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The placeholders of a message, read from its English. */
export type ParamName<Id extends MessageId> = Placeholders<(typeof MESSAGES)[Id]['en']>;

/** An id of a message without placeholders. */
export type PlainMessageId = { [Id in MessageId]: [ParamName<Id>] extends [never] ? Id : never }[MessageId];

type TemplateId = Exclude<MessageId, PlainMessageId>;

/** A message id with its values; `params` is required exactly when the message has placeholders. */
export type MessageRef = { id: PlainMessageId; params?: undefined } | { [Id in TemplateId]: { id: Id; params: Record<ParamName<Id>, MessageValue> } }[TemplateId];

/** What stands at a placeholder: a word or number, or another message (a rate limit's refusal and wait). */
export type MessageValue = string | number | MessageRef;

/** A message as thrown: a plain id, or an id with its values. */
export type Message = PlainMessageId | MessageRef;

/**
 * The Vietnamese word for each state of the API's enums, chosen once for every page and message,
 * written as it stands inside a sentence (pages capitalise it as a label).
 */
export const STATE_WORDS = {
  sessionStatus: { SCHEDULED: 'chưa bắt đầu', LIVE: 'đang diễn ra', CLOSED: 'đã kết thúc' },
  // "Published" is what approval means to a citizen: the opinion is on the public feed.
  opinionStatus: { PENDING: 'chờ duyệt', APPROVED: 'đã công khai', REJECTED: 'bị từ chối', HIDDEN: 'đã ẩn' },
  // A case file is opened (CASE_OPENED), which is not yet a prosecution ("khởi tố").
  tipStatus: { RECEIVED: 'đã tiếp nhận', VERIFYING: 'đang xác minh', CASE_OPENED: 'đã lập hồ sơ vụ việc', UNFOUNDED: 'không có cơ sở', CLOSED: 'đã kết thúc' },
  opinionKind: { SUGGESTION: 'góp ý', QUESTION: 'câu hỏi', COMPLAINT: 'phản ánh', TIP: 'tin báo bảo mật' },
  responseOutcome: {
    ACKNOWLEDGED: 'đã tiếp nhận',
    IN_PROGRESS: 'đang giải quyết',
    RESOLVED: 'đã giải quyết',
    REFERRED: 'đã chuyển cơ quan khác',
    DECLINED: 'không giải quyết',
  },
  // In the API's enum order: the moderator's select offers them so.
  moderationReason: {
    DUPLICATE: 'trùng lặp',
    OFF_TOPIC: 'ngoài phạm vi phiên',
    ABUSIVE: 'ngôn từ không phù hợp',
    PERSONAL_DATA: 'có thông tin cá nhân',
    SPAM: 'quảng cáo, spam',
    UNLAWFUL: 'vi phạm pháp luật',
    OTHER: 'lý do khác',
  },
  moderationAction: { APPROVE: 'duyệt', REJECT: 'từ chối', HIDE: 'ẩn', RESTORE: 'khôi phục' },
  personalData: { PHONE: 'số điện thoại', ID_NUMBER: 'số CCCD/CMND', EMAIL: 'e-mail', PLATE: 'biển số xe', ADDRESS: 'địa chỉ nhà' },
  // How an opinion reached the unit (Opinion.channel); staff type in all but APP.
  channel: { APP: 'ứng dụng', HOTLINE: 'đường dây nóng', PAPER: 'phiếu giấy', IN_PERSON: 'trực tiếp tại trụ sở', EMAIL: 'e-mail', SOCIAL: 'mạng xã hội' },
  role: { MODERATOR: 'kiểm duyệt viên', OFFICER: 'cán bộ trả lời', ADMIN: 'quản trị đơn vị' },
  // The audit log's actions as stored (audit_entry.action; src/record/vocabulary.ts's AuditAction values).
  auditAction: {
    SESSION_CREATED: 'tạo phiên',
    SESSION_UPDATED: 'sửa phiên',
    SESSION_STATUS_CHANGED: 'đổi trạng thái phiên',
    OPINION_APPROVED: 'duyệt ý kiến',
    OPINION_REJECTED: 'từ chối ý kiến',
    OPINION_HIDDEN: 'ẩn ý kiến',
    OPINION_RESTORED: 'khôi phục ý kiến',
    OPINION_REDACTED: 'che thông tin',
    RESPONSE_POSTED: 'trả lời',
    RESPONSE_CORRECTED: 'sửa trả lời',
    TIP_FOLLOW_UP: 'theo dõi tin báo',
    STAFF_CREATED: 'tạo tài khoản cán bộ',
    STAFF_UPDATED: 'sửa tài khoản cán bộ',
    STAFF_PASSWORD_RESET: 'đặt lại mật khẩu',
    STAFF_PASSWORD_CHANGED: 'đổi mật khẩu',
    UNIT_CREATED: 'tạo đơn vị',
  },
} as const;

/** The names of input fields as they read inside a Vietnamese sentence ("body must not be empty"). */
export const FIELD_WORDS: Readonly<Record<string, string>> = {
  body: 'nội dung',
  authorName: 'họ tên người gửi',
  contact: 'thông tin liên hệ',
  title: 'tiêu đề',
  description: 'mô tả',
  location: 'địa điểm',
  caseNumber: 'số hồ sơ vụ việc',
  note: 'ghi chú',
  reason: 'lý do',
  displayName: 'họ tên',
  name: 'tên',
  topics: 'chủ đề',
  addTopics: 'chủ đề thêm mới',
  renameTopics: 'tên chủ đề mới',
  email: 'email',
  password: 'mật khẩu',
  newPassword: 'mật khẩu mới',
  currentPassword: 'mật khẩu hiện tại',
  startsAt: 'thời gian bắt đầu',
  endsAt: 'thời gian kết thúc',
  from: 'ngày bắt đầu',
  to: 'ngày kết thúc',
  search: 'từ khóa tìm kiếm',
  idempotencyKey: 'mã chống gửi trùng (idempotencyKey)',
  receivedAt: 'thời điểm tiếp nhận',
};

// The words a message's values are put in when it is said in Vietnamese: fields, the statuses
// and the moderation actions the messages name. (A session and a tip are both CLOSED: one word.)
const VALUE_WORDS_VI: Readonly<Record<string, string>> = {
  ...FIELD_WORDS,
  ...STATE_WORDS.sessionStatus,
  ...STATE_WORDS.opinionStatus,
  ...STATE_WORDS.tipStatus,
  ...STATE_WORDS.moderationAction,
};

// The one placeholder that holds free text (an internal error's own message, development only).
const FREE_TEXT = 'detail';
const PLACEHOLDER = /\{(\w+)\}/g;

function valueText(name: string, value: MessageValue, locale: Locale): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return messageText(value, locale);
  if (locale === 'vi' && name !== FREE_TEXT && Object.hasOwn(VALUE_WORDS_VI, value)) return VALUE_WORDS_VI[value];
  return value;
}

function messageText(message: Message, locale: Locale): string {
  const { id, params } = typeof message === 'string' ? { id: message, params: undefined } : message;
  const values = (params ?? {}) as Record<string, MessageValue | undefined>;
  return MESSAGES[id][locale].replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : valueText(name, value, locale);
  });
}

/** `text` with its first letter capitalised, the Vietnamese way (a sentence start, a label). */
export const capitalized = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/** A message in `locale`, its values put in that language's words; Vietnamese starts with a capital. */
export function renderMessage(message: Message, locale: Locale): string {
  const text = messageText(message, locale);
  return locale === 'vi' ? capitalized(text) : text;
}
