// Vietnamese for every message clients can read, keyed by the English the code throws.
// `{name}` stands for a value the English carries at that place: a number, a field, a status.
// Values are put through the same catalogue and TERMS_VI (a field, a status, "60 seconds"),
// so "body must not be empty" reads "Nội dung không được để trống". A message thrown in
// English only fails test/common/messages.test.ts: add its Vietnamese here.

/** English message (or template) → Vietnamese. */
export const MESSAGES_VI: Readonly<Record<string, string>> = {
  // Generic refusals (src/common/errors.ts, src/auth/)
  'You are not allowed to do this': 'Bạn không có quyền thực hiện thao tác này',
  "Access denied! You don't have permission for this action!": 'Bạn không có quyền thực hiện thao tác này',
  'Sign in first': 'Vui lòng đăng nhập trước',
  'Token expired: sign in again': 'Phiên đăng nhập đã hết hạn: vui lòng đăng nhập lại',
  'Token revoked: sign in again': 'Phiên đăng nhập đã bị thu hồi: vui lòng đăng nhập lại',
  'Invalid token': 'Mã đăng nhập không hợp lệ',
  'Authorization must be "Bearer <token>"': 'Tiêu đề Authorization phải có dạng "Bearer <token>"',
  'Invalid email or password': 'Email hoặc mật khẩu không đúng',
  'This account is deactivated: ask an admin of your unit': 'Tài khoản này đã bị vô hiệu hóa: vui lòng liên hệ quản trị viên của đơn vị',

  // Not found
  'Unit not found': 'Không tìm thấy đơn vị',
  'Parent unit not found': 'Không tìm thấy đơn vị cấp trên',
  'Session not found': 'Không tìm thấy phiên',
  'Opinion not found': 'Không tìm thấy ý kiến',
  'Response not found': 'Không tìm thấy câu trả lời',
  'Staff member not found': 'Không tìm thấy cán bộ',

  // Text, numbers, dates, pages (src/common/)
  '{field} must not be empty': '{field} không được để trống',
  '{field} needs at least {min} characters': '{field} cần có ít nhất {min} ký tự',
  '{field} is too long: {length} characters, at most {max}': '{field} quá dài: {length} ký tự, tối đa {max} ký tự',
  '{field} is too long: at most {max} characters': '{field} quá dài: tối đa {max} ký tự',
  '{field} is not a valid date': '{field} không phải là ngày giờ hợp lệ',
  'first must be zero or a positive integer': 'Số mục mỗi trang (first) phải là 0 hoặc một số nguyên dương',
  'afterSeq must be zero or a positive integer': 'Số thứ tự bắt đầu (afterSeq) phải là 0 hoặc một số nguyên dương',
  'Invalid cursor': 'Con trỏ phân trang không hợp lệ',
  'This cursor belongs to another session': 'Con trỏ này thuộc về một phiên khác',
  'This cursor is ahead of the session record': 'Con trỏ này vượt quá diễn biến hiện có của phiên',

  // Rate limits (src/auth/rate-limiter.ts): "{refusal}: try again in {wait}"
  '{refusal}: try again in {wait}': '{refusal}. Vui lòng thử lại sau {wait}.',
  '1 second': '1 giây',
  '{count} seconds': '{count} giây',
  '{count} minutes': '{count} phút',
  'Too many opinions sent': 'Bạn đã gửi quá nhiều ý kiến',
  'Too many opinions entered': 'Bạn đã nhập quá nhiều ý kiến',
  'Too many upvotes': 'Bạn đã ủng hộ quá nhiều lần',
  'Too many citizen sign-ups from this network': 'Có quá nhiều lượt tham gia từ mạng này',
  'Too many citizen sign-ups from this device': 'Thiết bị này đã tham gia quá nhiều lần',
  'Too many failed sign-ins': 'Đăng nhập sai quá nhiều lần',
  'Too many join codes tried from this network': 'Có quá nhiều lượt thử mã tham gia từ mạng này',

  // Units and staff
  'Only an admin of the parent unit or a unit above it can add units under it':
    'Chỉ quản trị viên của đơn vị cấp trên mới được thêm đơn vị trực thuộc',
  'Only the system administrator can add a top-level unit': 'Chỉ quản trị viên hệ thống mới được thêm đơn vị cấp cao nhất',
  'Only an admin of this unit or a unit above it can manage its staff':
    'Chỉ quản trị viên của đơn vị này hoặc đơn vị cấp trên mới được quản lý cán bộ của đơn vị',
  'email is not a valid e-mail address': 'Địa chỉ email không hợp lệ',
  'A staff member with this email already exists': 'Email này đã được một cán bộ khác sử dụng',
  'Ask another admin to change your own role, unit or activity':
    'Bạn không thể tự đổi vai trò, đơn vị hoặc trạng thái hoạt động của mình: hãy nhờ một quản trị viên khác',
  'Sign in as staff to change your password': 'Vui lòng đăng nhập bằng tài khoản cán bộ để đổi mật khẩu',
  'Sign in as staff to sign out': 'Vui lòng đăng nhập bằng tài khoản cán bộ để đăng xuất',
  'currentPassword is not your current password': 'Mật khẩu hiện tại không đúng',
  '{field} needs at least {count} different characters': '{field} cần có ít nhất {count} ký tự khác nhau',
  '{field} is a common password: choose one that is hard to guess': '{field} là mật khẩu quá phổ biến: vui lòng chọn mật khẩu khó đoán hơn',
  'role must be MODERATOR, OFFICER or ADMIN': 'Vai trò phải là MODERATOR (kiểm duyệt viên), OFFICER (cán bộ) hoặc ADMIN (quản trị viên)',
  "Only the unit's own staff and the admins of the units above it read its audit log": 'Chỉ cán bộ của đơn vị và quản trị viên của các đơn vị cấp trên mới được xem nhật ký hoạt động của đơn vị',

  // Sessions
  'Only an admin or a moderator of this unit can create its sessions': 'Chỉ quản trị viên hoặc kiểm duyệt viên của đơn vị mới được tạo phiên cho đơn vị',
  'Only an admin or a moderator of this unit can change this session': 'Chỉ quản trị viên hoặc kiểm duyệt viên của đơn vị mới được thay đổi phiên này',
  'Only an admin can reopen a closed session': 'Chỉ quản trị viên mới được mở lại phiên đã kết thúc',
  'A {from} session cannot become {to}': 'Không thể chuyển phiên từ trạng thái “{from}” sang “{to}”',
  'The session changed meanwhile; reload and try again': 'Phiên vừa được người khác thay đổi: vui lòng tải lại rồi thử lại',
  'The session changed meanwhile; try again': 'Phiên vừa thay đổi: vui lòng thử lại',
  'Another topic of this session already has that name': 'Phiên đã có một chủ đề khác trùng tên này',
  'Two topics cannot be given the same name': 'Hai chủ đề không được trùng tên',
  'A session has at most {max} topics': 'Mỗi phiên có tối đa {max} chủ đề',
  'endsAt must be after startsAt': 'Thời gian kết thúc phải sau thời gian bắt đầu',
  'renameTopics names a topic that is not in this session': 'Chủ đề cần đổi tên không thuộc phiên này',
  'renameTopics names the same topic twice': 'Một chủ đề bị đổi tên hai lần trong cùng một yêu cầu',

  // Opinions
  'The session is SCHEDULED: staff enter opinions once it is LIVE or CLOSED':
    'Phiên chưa bắt đầu: cán bộ chỉ nhập ý kiến khi phiên đang diễn ra hoặc đã kết thúc',
  'The session is {status}: it accepts opinions only while LIVE': 'Phiên {status}: chỉ nhận ý kiến khi phiên đang diễn ra',
  'This session does not take anonymous opinions: give your name in authorName': 'Phiên này không nhận ý kiến ẩn danh: vui lòng ghi họ tên của bạn',
  'topicId is not a topic of this session': 'Chủ đề đã chọn không thuộc phiên này',
  "Only staff of the session's unit enter opinions from other channels; post as APP":
    'Chỉ cán bộ của đơn vị tổ chức phiên mới được nhập ý kiến từ các kênh khác; hãy gửi qua ứng dụng (APP)',
  "Only staff of the session's unit enter opinions from other channels": 'Chỉ cán bộ của đơn vị tổ chức phiên mới được nhập ý kiến từ các kênh khác',
  'idempotencyKey was already used for a different opinion': 'Mã chống gửi trùng (idempotencyKey) đã được dùng cho một ý kiến khác',
  'A citizen token is needed to follow your opinions': 'Vui lòng tham gia phiên với tư cách công dân để theo dõi ý kiến của mình',
  'Upvoting needs a citizen token (joinAsCitizen)': 'Vui lòng tham gia phiên với tư cách công dân để ủng hộ ý kiến',
  'Only citizens upvote': 'Chỉ công dân mới được ủng hộ ý kiến',
  'Only published opinions can be upvoted': 'Chỉ có thể ủng hộ những ý kiến đã được công bố',
  'Upvoting is open only while the session is LIVE': 'Chỉ có thể ủng hộ ý kiến khi phiên đang diễn ra',
  'This citizen token is no longer known: join again': 'Mã công dân này không còn hiệu lực: vui lòng tham gia phiên lại',
  '{action} needs a reason': 'Cần nêu lý do khi {action} ý kiến',
  '{action} needs a reasonCode': 'Cần chọn mã lý do khi {action} ý kiến',
  "Only moderators and admins of the session's unit moderate its opinions":
    'Chỉ kiểm duyệt viên và quản trị viên của đơn vị tổ chức phiên mới được kiểm duyệt ý kiến',
  'Cannot {action} an opinion that is {status}': 'Không thể {action} ý kiến đang ở trạng thái “{status}”',
  'Someone moderated this opinion meanwhile; reload it': 'Ý kiến vừa được người khác kiểm duyệt: vui lòng tải lại',
  "Only moderators and admins of the session's unit redact its opinions":
    'Chỉ kiểm duyệt viên và quản trị viên của đơn vị tổ chức phiên mới được biên tập lại ý kiến',
  'Someone changed this opinion meanwhile; reload it': 'Ý kiến vừa được người khác thay đổi: vui lòng tải lại',
  "opinionSubmitted is for the staff of the session's unit: sign in":
    'Luồng ý kiến mới (opinionSubmitted) chỉ dành cho cán bộ của đơn vị tổ chức phiên: vui lòng đăng nhập',
  "opinionSubmitted is for the staff of the session's unit": 'Luồng ý kiến mới (opinionSubmitted) chỉ dành cho cán bộ của đơn vị tổ chức phiên',

  // Responses
  "Only staff of the session's unit respond to its opinions": 'Chỉ cán bộ của đơn vị tổ chức phiên mới được trả lời ý kiến của phiên',
  "Only staff of the session's unit correct its responses": 'Chỉ cán bộ của đơn vị tổ chức phiên mới được sửa câu trả lời của phiên',
  'Give the corrected body, outcome or both': 'Vui lòng nhập nội dung hoặc kết quả xử lý đã sửa, hoặc cả hai',
  'Someone corrected this response meanwhile; reload it': 'Câu trả lời vừa được người khác sửa: vui lòng tải lại',

  // Tips
  "Only staff of the session's unit follow up its tips": 'Chỉ cán bộ của đơn vị tổ chức phiên mới được theo dõi, xử lý tin báo của phiên',
  'Only tips (kind TIP) are followed up': 'Chỉ tin báo tố giác (loại TIP) mới được theo dõi xử lý',
  'suspects must be a whole number from 0 to {max}': 'Số đối tượng phải là số nguyên từ 0 đến {max}',
  'A tip that is {from} cannot become {to}': 'Không thể chuyển tin báo từ trạng thái “{from}” sang “{to}”',
  'caseNumber and suspects belong to a case: CASE_OPENED or CLOSED':
    'Chỉ ghi số hồ sơ vụ việc và số đối tượng khi tin báo đã lập hồ sơ vụ việc (CASE_OPENED) hoặc đã kết thúc (CLOSED)',
  'Opening a case needs its caseNumber': 'Cần nhập số hồ sơ vụ việc khi lập hồ sơ vụ việc',
  'Someone followed up this tip meanwhile; reload it': 'Tin báo vừa được người khác cập nhật: vui lòng tải lại',

  // Reports and exports
  "Only staff of the session's unit export its opinions": 'Chỉ cán bộ của đơn vị tổ chức phiên mới được xuất danh sách ý kiến của phiên',
  "Only the unit's staff export its report": 'Chỉ cán bộ của đơn vị mới được xuất báo cáo của đơn vị',
  'to must be after from': 'Ngày kết thúc phải sau ngày bắt đầu',
  '{field} must fall in the years {first} to {last}': '{field} phải nằm trong khoảng từ năm {first} đến năm {last}',
  'Exports need a staff token': 'Vui lòng đăng nhập bằng tài khoản cán bộ để xuất dữ liệu',
  'Exports are for staff': 'Chỉ cán bộ mới được xuất dữ liệu',

  // Transport (src/server/, src/db/)
  'Internal server error': 'Lỗi máy chủ',
  'Internal server error: {detail}': 'Lỗi máy chủ: {detail}',
  'Database unavailable: try again in a moment': 'Cơ sở dữ liệu tạm thời không truy cập được: vui lòng thử lại sau giây lát',
  'Text and IDs must not contain the NUL character (U+0000): remove it and send again':
    'Văn bản và mã định danh không được chứa ký tự NUL (U+0000): vui lòng xóa ký tự đó rồi gửi lại',
  'Subscriptions go over WebSocket (graphql-transport-ws) on this same /graphql path; HTTP serves queries and mutations':
    'Đăng ký nhận tin (subscription) đi qua WebSocket (graphql-transport-ws) trên cùng đường dẫn /graphql; HTTP chỉ phục vụ truy vấn và thao tác',
  'Only subscriptions go over WebSocket; send queries and mutations over HTTP':
    'WebSocket chỉ dành cho đăng ký nhận tin (subscription); truy vấn và thao tác hãy gửi qua HTTP',
  'Syntax Error': 'Lỗi cú pháp',
  'Name the operation to run (operationName)': 'Vui lòng nêu tên thao tác cần chạy (operationName)',
  'Query is too deep: {depth} levels, at most {max}': 'Truy vấn lồng quá sâu: {depth} cấp, tối đa {max} cấp',
  'Query has too many aliases: {count}, at most {max}': 'Truy vấn có quá nhiều bí danh (alias): {count}, tối đa {max}',
  'Query is too costly: {cost} points, at most {max} (each field counts 1, stats {stats}, times the page size of the lists around it): ask for smaller pages or fewer fields':
    'Truy vấn quá nặng: {cost} điểm, tối đa {max} (mỗi trường tính 1 điểm, stats tính {stats}, nhân với kích thước trang của các danh sách bao quanh): vui lòng yêu cầu trang nhỏ hơn hoặc ít trường hơn',
};

/** Values that stand in English messages (fields, statuses, actions), as they read inside a Vietnamese sentence. */
export const TERMS_VI: Readonly<Record<string, string>> = {
  // Fields
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
  // Session statuses
  SCHEDULED: 'chưa bắt đầu',
  LIVE: 'đang diễn ra',
  CLOSED: 'đã kết thúc',
  // Opinion statuses
  PENDING: 'chờ duyệt',
  APPROVED: 'đã duyệt',
  REJECTED: 'bị từ chối',
  HIDDEN: 'đã ẩn',
  // Tip statuses (CLOSED as above)
  RECEIVED: 'đã tiếp nhận',
  VERIFYING: 'đang xác minh',
  CASE_OPENED: 'đã lập hồ sơ vụ việc',
  UNFOUNDED: 'không có cơ sở',
  // Moderation actions
  APPROVE: 'duyệt',
  REJECT: 'từ chối',
  HIDE: 'ẩn',
  RESTORE: 'khôi phục',
};

/**
 * What precedes a message nobody wrote here (graphql-js and Apollo's own, in English: unknown
 * field, wrong variable type), by error code: the client reads what went wrong in Vietnamese
 * and the technical detail after it.
 */
export const GENERIC_VI: Readonly<Record<string, string>> = {
  GRAPHQL_PARSE_FAILED: 'Yêu cầu GraphQL sai cú pháp',
  GRAPHQL_VALIDATION_FAILED: 'Yêu cầu GraphQL không hợp lệ',
  BAD_USER_INPUT: 'Dữ liệu gửi lên không hợp lệ',
  BAD_REQUEST: 'Yêu cầu không hợp lệ',
  PERSISTED_QUERY_NOT_FOUND: 'Không tìm thấy truy vấn đã lưu',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Không hỗ trợ truy vấn đã lưu',
  OPERATION_RESOLUTION_FAILURE: 'Không xác định được thao tác cần chạy',
  UNAUTHENTICATED: 'Chưa đăng nhập hoặc đăng nhập không hợp lệ',
  FORBIDDEN: 'Không có quyền',
  NOT_FOUND: 'Không tìm thấy',
  CONFLICT: 'Xung đột dữ liệu',
  RATE_LIMITED: 'Quá nhiều yêu cầu',
  INTERNAL_SERVER_ERROR: 'Lỗi máy chủ',
};
