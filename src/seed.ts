// `npm run seed`: fills the database with a demo district (DEMO ONLY: fixed, public passwords).
// Goes through the domain services, so the demo data obeys the same rules as real use: sessions
// move SCHEDULED → LIVE → CLOSED, opinions get gap-free seqs, every moderation is audited.
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { applyMigrations } from './db/migrate.js';
import { resolveJwtSecret, TokenService } from './auth/tokens.js';
import { deviceKey } from './auth/poster.js';
import { Role, SYSTEM, type Viewer } from './auth/viewer.js';
import { Channel, ModerationAction, ModerationMode, ModerationReason, OpinionKind, ResponseOutcome, SessionStatus, TipStatus } from './common/enums.js';
import { MemoryEventBus } from './live/bus.js';
import { createLogger } from './logger.js';
import { createServices, type Services } from './services.js';

/** Shared by every demo account; printed at the end. Never use it outside a demo. */
const DEMO_PASSWORD = 'demo-langnghe-2026';

const DEMO_STAFF = [
  { email: 'admin@demo.langnghe.vn', displayName: 'Quản trị hệ thống (demo)', role: Role.ADMIN },
  { email: 'moderator@demo.langnghe.vn', displayName: 'Thượng úy Nguyễn Thu Trang', role: Role.MODERATOR },
  { email: 'officer@demo.langnghe.vn', displayName: 'Đại úy Trần Quốc Bảo', role: Role.OFFICER },
] as const;

/** One officer for each commune-level unit (phường) under Từ Sơn, same demo password. */
const COMMUNE_OFFICERS = [
  { email: 'dongnguyen@demo.langnghe.vn', displayName: 'Thượng úy Đặng Minh Khôi', unit: 'Công an phường Đồng Nguyên' },
  { email: 'dongngan@demo.langnghe.vn', displayName: 'Trung úy Hà Thị Thu', unit: 'Công an phường Đông Ngàn' },
] as const;

const TOPICS = ['An toàn giao thông', 'Trộm cắp tài sản', 'Tệ nạn xã hội', 'Thái độ phục vụ của cán bộ'] as const;
type TopicName = (typeof TOPICS)[number];

type StaffViewer = Extract<Viewer, { kind: 'staff' }>;
type CitizenViewer = Extract<Viewer, { kind: 'citizen' }>;

/** Who posts a demo opinion: a citizen token, or an anonymous phone identified by its device id. */
type DemoAuthor = { citizen: CitizenViewer } | { device: string };

interface DemoOpinion {
  author: DemoAuthor;
  kind: OpinionKind;
  topic: TopicName | null;
  body: string;
  authorName?: string;
  contact?: string;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

function poster(author: DemoAuthor) {
  return 'citizen' in author
    ? { viewer: author.citizen as Viewer, deviceKey: deviceKey({ deviceId: null, ip: '127.0.0.1' }) }
    : { viewer: { kind: 'anonymous' } as Viewer, deviceKey: deviceKey({ deviceId: author.device, ip: '127.0.0.1' }) };
}

async function joinCitizen(services: Services, displayName: string | null): Promise<CitizenViewer> {
  const { viewer } = await services.staff.joinAsCitizen(displayName);
  return { kind: 'citizen', id: viewer.id, displayName };
}

async function submitAll(services: Services, sessionId: string, topicIds: Map<string, string>, opinions: DemoOpinion[]) {
  const ids: string[] = [];
  for (const opinion of opinions) {
    const created = await services.opinions.submit({
      poster: poster(opinion.author),
      input: {
        sessionId,
        body: opinion.body,
        kind: opinion.kind,
        topicId: opinion.topic ? topicIds.get(opinion.topic) : null,
        authorName: opinion.authorName ?? null,
        contact: opinion.contact ?? null,
      },
    });
    ids.push(created.id);
  }
  return ids;
}

async function topicIdsOf(database: Database, sessionId: string): Promise<Map<string, string>> {
  const topics = await database.prisma.topic.findMany({ where: { sessionId } });
  return new Map(topics.map((t) => [t.name, t.id]));
}

async function seed(database: Database, services: Services): Promise<string> {
  // Units: province → districts → ward.
  // The seed acts as the system administrator, as the first ADMIN_EMAIL account would.
  const unit = (name: string, parentId?: string) => services.units.create({ viewer: SYSTEM, input: { name, parentId } });
  const province = await unit('Công an tỉnh Bắc Ninh');
  const tuSon = await unit('Công an thành phố Từ Sơn', province.id);
  await unit('Công an huyện Tiên Du', province.id);
  const communes = [await unit('Công an phường Đồng Nguyên', tuSon.id), await unit('Công an phường Đông Ngàn', tuSon.id)];

  const staff = new Map<string, StaffViewer>();
  for (const person of DEMO_STAFF) {
    const profile = await services.staff.create({ viewer: SYSTEM, input: { ...person, password: DEMO_PASSWORD, unitId: tuSon.id } });
    staff.set(person.role, (await services.access.staffViewer({ id: profile.id, role: person.role, unitId: tuSon.id })) as StaffViewer);
  }
  const moderator = staff.get(Role.MODERATOR)!;
  const officer = staff.get(Role.OFFICER)!;

  const now = Date.now();

  // Citizens who carry a token: they post under their name and upvote.
  const hung = await joinCitizen(services, 'Nguyễn Văn Hùng');
  const mai = await joinCitizen(services, 'Trần Thị Mai');
  const tuan = await joinCitizen(services, 'Lê Minh Tuấn');
  const hoa = await joinCitizen(services, 'Phạm Thị Hoa');
  const quiet = await joinCitizen(services, null);

  // ---- A past session, held under POST moderation and closed; one answer came after closing.
  const past = await services.sessions.create({
    viewer: moderator,
    input: {
      unitId: tuSon.id,
      title: 'Công an lắng nghe ý kiến nhân dân phường Đông Ngàn',
      description: 'Hội nghị tiếp xúc, lắng nghe ý kiến đóng góp của nhân dân về công tác bảo đảm an ninh trật tự trên địa bàn phường Đông Ngàn.',
      location: 'Hội trường UBND phường Đông Ngàn, thành phố Từ Sơn',
      startsAt: new Date(now - 60 * DAY),
      endsAt: new Date(now - 60 * DAY + 3 * HOUR),
      moderationMode: ModerationMode.POST,
      topics: [...TOPICS],
    },
  });
  await services.sessions.setStatus({ viewer: moderator, id: past.id, status: SessionStatus.LIVE });
  const pastOpinions = await submitAll(services, past.id, await topicIdsOf(database, past.id), [
    {
      author: { citizen: hung },
      authorName: 'Nguyễn Văn Hùng',
      kind: OpinionKind.SUGGESTION,
      topic: 'An toàn giao thông',
      body: 'Đề nghị lắp thêm gương cầu lồi ở khúc cua ngõ 8 phố Minh Khai, xe máy hay va quệt vào buổi tối.',
    },
    {
      author: { device: 'demo-phone-0001' },
      kind: OpinionKind.QUESTION,
      topic: 'Trộm cắp tài sản',
      body: 'Mất xe đạp điện thì trình báo ở công an phường hay phải lên công an thành phố ạ?',
    },
    {
      author: { citizen: mai },
      authorName: 'Trần Thị Mai',
      kind: OpinionKind.COMPLAINT,
      topic: 'Tệ nạn xã hội',
      body: 'Quán bi-a đầu phố mở đến 1–2 giờ sáng, thanh niên tụ tập ồn ào, đề nghị kiểm tra giờ đóng cửa.',
    },
  ]);
  await services.sessions.setStatus({ viewer: moderator, id: past.id, status: SessionStatus.CLOSED });
  await services.responses.respond({
    viewer: officer,
    input: {
      opinionId: pastOpinions[1],
      outcome: ResponseOutcome.RESOLVED,
      body: 'Người dân có thể trình báo tại công an phường nơi xảy ra vụ việc; công an phường tiếp nhận và chuyển công an thành phố nếu cần. Khi trình báo mang theo giấy đăng ký xe và căn cước.',
    },
  });

  // ---- The session happening now.
  const live = await services.sessions.create({
    viewer: moderator,
    input: {
      unitId: tuSon.id,
      title: 'Công an lắng nghe ý kiến nhân dân phường Đồng Nguyên 2026',
      description:
        'Công an thành phố Từ Sơn phối hợp UBND phường Đồng Nguyên lắng nghe ý kiến đóng góp của nhân dân về an ninh trật tự, an toàn giao thông và thái độ phục vụ của cán bộ. Ý kiến được kiểm duyệt trước khi hiển thị; tin báo tố giác được giữ bí mật.',
      location: 'Nhà văn hóa khu phố Đồng Nguyên, phường Đồng Nguyên, thành phố Từ Sơn',
      startsAt: new Date(now - HOUR / 2),
      endsAt: new Date(now + 2 * HOUR),
      moderationMode: ModerationMode.PRE,
      allowAnonymous: true,
      topics: [...TOPICS],
    },
  });
  await services.sessions.setStatus({ viewer: moderator, id: live.id, status: SessionStatus.LIVE });

  const [
    trafficLights,
    helmets,
    motorbikeThefts,
    tip,
    loanAds,
    staffAttitude,
    zalo,
    camera,
    schoolGate,
    drivingLicenceAd,
    looseDog,
    // the last two (residence paperwork, scam calls) stay pending: nothing more to do with them
  ] = await submitAll(services, live.id, await topicIdsOf(database, live.id), [
    {
      author: { citizen: hung },
      authorName: 'Nguyễn Văn Hùng',
      kind: OpinionKind.SUGGESTION,
      topic: 'An toàn giao thông',
      body: 'Đèn giao thông ở ngã tư Lý Thánh Tông – Trần Phú thường xuyên bị hỏng vào giờ cao điểm buổi sáng, xe máy đi lộn xộn rất dễ va chạm. Đề nghị phối hợp sửa chữa và bố trí người phân luồng.',
    },
    {
      author: { device: 'demo-phone-0002' },
      kind: OpinionKind.QUESTION,
      topic: 'An toàn giao thông',
      // Typed on a phone without diacritics, as many people do.
      body: 'cho em hoi hoc sinh cap 2 di xe dap dien co bat buoc doi mu bao hiem khong a? sang nao cung thay cac chau khong doi',
    },
    {
      author: { citizen: mai },
      authorName: 'Trần Thị Mai',
      kind: OpinionKind.COMPLAINT,
      topic: 'Trộm cắp tài sản',
      body: 'Khu nhà trọ công nhân ở khu phố Đồng Nguyên dạo này mất xe máy liên tục, tháng trước dãy nhà tôi mất 2 chiếc vào ban đêm. Đề nghị tăng cường tuần tra khu vực này từ 0 giờ đến 4 giờ sáng.',
    },
    {
      author: { device: 'demo-phone-0003' },
      kind: OpinionKind.TIP,
      topic: 'Tệ nạn xã hội',
      contact: '0912 345 678',
      body: 'Quán karaoke cuối đường Nguyễn Văn Cừ thường có một nhóm thanh niên tụ tập sau 23 giờ, nghi sử dụng ma túy và bóng cười. Tôi ở gần đó, có thể cung cấp thêm thông tin nếu được giữ bí mật.',
    },
    {
      author: { citizen: tuan },
      authorName: 'Lê Minh Tuấn',
      kind: OpinionKind.SUGGESTION,
      topic: 'Tệ nạn xã hội',
      body: 'Quảng cáo "hỗ trợ vốn, vay nhanh trong ngày" dán đầy cột điện, nghi là tín dụng đen. Đề nghị công an kiểm tra, bóc gỡ và xử lý các số điện thoại này.',
    },
    {
      author: { citizen: hoa },
      authorName: 'Phạm Thị Hoa',
      kind: OpinionKind.COMPLAINT,
      topic: 'Thái độ phục vụ của cán bộ',
      body: 'Tôi đi đăng ký thường trú cho con, cán bộ tiếp dân hướng dẫn chưa rõ ràng nên phải đi lại 3 lần mới xong. Mong cán bộ hướng dẫn đầy đủ giấy tờ ngay từ lần đầu.',
    },
    {
      author: { device: 'demo-phone-0004' },
      kind: OpinionKind.SUGGESTION,
      topic: 'Thái độ phục vụ của cán bộ',
      body: 'de nghi cong an phuong co them kenh nhan phan anh qua zalo, nguoi di lam ca nhu chung toi kho den tru so trong gio hanh chinh',
    },
    {
      author: { citizen: quiet },
      kind: OpinionKind.QUESTION,
      topic: 'Trộm cắp tài sản',
      body: 'Nhà tôi có lắp camera. Nếu quay được người trộm đồ thì gửi hình ảnh cho công an phường bằng cách nào ạ?',
    },
    {
      author: { citizen: tuan },
      authorName: 'Lê Minh Tuấn',
      kind: OpinionKind.SUGGESTION,
      topic: 'An toàn giao thông',
      body: 'Giờ tan học trước cổng trường tiểu học Đồng Nguyên ô tô đỗ tràn xuống lòng đường để đón con, đèn giao thông gần đó lại không có pha cho người đi bộ. Đề nghị bố trí lực lượng điều tiết và kẻ vạch khu vực đón trả học sinh.',
    },
    {
      author: { device: 'demo-phone-0005' },
      kind: OpinionKind.SUGGESTION,
      topic: null,
      body: 'Nhận làm bằng lái xe A1, B2 không cần thi, bao đậu, liên hệ Zalo chính chủ.',
    },
    {
      author: { device: 'demo-phone-0006' },
      kind: OpinionKind.COMPLAINT,
      topic: null,
      body: 'Ông Nguyễn Văn K. ở số 27 ngõ 5 khu phố Đồng Nguyên thả chó không rọ mõm, đã cắn 2 cháu nhỏ trong xóm mà không ai xử lý.',
    },
    {
      author: { device: 'demo-phone-0007' },
      kind: OpinionKind.QUESTION,
      topic: null,
      body: 'Xin hỏi đăng ký tạm trú cho người thuê trọ giờ làm online trên VNeID được chưa, hay vẫn phải lên trụ sở?',
    },
    {
      author: { citizen: hoa },
      authorName: 'Phạm Thị Hoa',
      kind: OpinionKind.SUGGESTION,
      topic: 'Trộm cắp tài sản',
      body: 'Gần đây nhiều người già trong khu phố nhận cuộc gọi giả danh công an, yêu cầu cài ứng dụng để "cập nhật định danh". Đề nghị công an phường cảnh báo qua loa phát thanh của khu phố.',
    },
  ]);

  // The moderator works through the queue; residence and scamCalls stay PENDING for the demo.
  for (const id of [trafficLights, helmets, motorbikeThefts, tip, loanAds, staffAttitude, zalo, camera, schoolGate, looseDog]) {
    await services.moderation.moderate({ viewer: moderator, id, action: ModerationAction.APPROVE });
  }
  await services.moderation.moderate({
    viewer: moderator,
    id: drivingLicenceAd,
    action: ModerationAction.REJECT,
    reasonCode: ModerationReason.UNLAWFUL,
    reason: 'Quảng cáo dịch vụ trái pháp luật, không phải ý kiến đóng góp.',
  });
  await services.moderation.moderate({
    viewer: moderator,
    id: looseDog,
    action: ModerationAction.HIDE,
    reasonCode: ModerationReason.PERSONAL_DATA,
    reason: 'Nêu họ tên và địa chỉ cụ thể của người khác; cảnh sát khu vực đã tiếp nhận để xác minh, không để công khai.',
  });

  const upvotes: [CitizenViewer, string[]][] = [
    [hung, [motorbikeThefts, schoolGate, loanAds, staffAttitude]],
    [mai, [trafficLights, schoolGate, helmets, zalo]],
    [tuan, [trafficLights, motorbikeThefts, helmets]],
    [hoa, [motorbikeThefts, trafficLights, schoolGate, camera]],
    [quiet, [motorbikeThefts, zalo]],
  ];
  for (const [citizen, ids] of upvotes) {
    for (const id of ids) await services.opinions.upvote({ viewer: citizen, id });
  }

  const answers: [string, ResponseOutcome, string][] = [
    [
      motorbikeThefts,
      ResponseOutcome.IN_PROGRESS,
      'Công an thành phố đã chỉ đạo công an phường Đồng Nguyên tăng cường tuần tra khu nhà trọ từ 0 giờ đến 4 giờ sáng, đồng thời đang xác minh 2 vụ mất xe được trình báo. Đề nghị các chủ nhà trọ lắp khóa cổng và camera.',
    ],
    [
      helmets,
      ResponseOutcome.RESOLVED,
      'Người đi xe đạp điện (xe đạp máy) và người ngồi sau đều phải đội mũ bảo hiểm có cài quai đúng quy cách. Công an phường sẽ phối hợp với các trường THCS tuyên truyền và nhắc nhở học sinh.',
    ],
    [
      schoolGate,
      ResponseOutcome.REFERRED,
      'Đã chuyển UBND phường và phòng Quản lý đô thị để kẻ vạch khu vực đón trả học sinh và bổ sung pha đèn cho người đi bộ; cảnh sát giao thông sẽ bố trí điều tiết giờ tan học.',
    ],
    [tip, ResponseOutcome.ACKNOWLEDGED, 'Đã tiếp nhận tin báo, giao trinh sát xác minh. Thông tin người báo tin được giữ bí mật.'],
  ];
  for (const [opinionId, outcome, body] of answers) {
    await services.responses.respond({ viewer: officer, input: { opinionId, outcome, body } });
  }

  // The live session's tip is being checked.
  await services.tips.followUp({ viewer: officer, input: { opinionId: tip, status: TipStatus.VERIFYING, note: 'Giao trinh sát khu vực xác minh quán karaoke.' } });

  await seedCommunes({ database, services, admin: staff.get(Role.ADMIN)!, communes, now });

  // ---- Announced for later.
  await services.sessions.create({
    viewer: moderator,
    input: {
      unitId: tuSon.id,
      title: 'Công an lắng nghe ý kiến nhân dân phường Tân Hồng',
      description: 'Lắng nghe ý kiến của nhân dân và doanh nghiệp về an ninh trật tự quanh các khu công nghiệp.',
      location: 'Nhà văn hóa khu phố Tân Thành, phường Tân Hồng, thành phố Từ Sơn',
      startsAt: new Date(now + 14 * DAY),
      endsAt: new Date(now + 14 * DAY + 3 * HOUR),
      moderationMode: ModerationMode.PRE,
      topics: [...TOPICS],
    },
  });

  return live.id;
}

/**
 * The two wards under Từ Sơn held their own forums last month: app posts, hotline calls and paper
 * slips typed in by the ward's officer (one on the evening after closing), and tips followed into
 * cases, so that unitReport and the CSV exports have real figures.
 */
async function seedCommunes({ database, services, admin, communes, now }: { database: Database; services: Services; admin: StaffViewer; communes: { id: string; name: string }[]; now: number }) {
  const officers: StaffViewer[] = [];
  for (const person of COMMUNE_OFFICERS) {
    const unit = communes.find((c) => c.name === person.unit)!;
    const profile = await services.staff.create({ viewer: SYSTEM, input: { email: person.email, displayName: person.displayName, role: Role.OFFICER, password: DEMO_PASSWORD, unitId: unit.id } });
    officers.push({ kind: 'staff', id: profile.id, role: Role.OFFICER, unitId: unit.id });
  }
  const [dongNguyenOfficer, dongNganOfficer] = officers;
  const resident = await joinCitizen(services, 'Vũ Đình Nam');

  const sessionOf = async (unitId: string, title: string, location: string, daysAgo: number) => {
    const created = await services.sessions.create({
      viewer: admin,
      input: { unitId, title, location, startsAt: new Date(now - daysAgo * DAY), endsAt: new Date(now - daysAgo * DAY + 3 * HOUR), moderationMode: ModerationMode.POST, topics: [...TOPICS] },
    });
    await services.sessions.setStatus({ viewer: admin, id: created.id, status: SessionStatus.LIVE });
    return { id: created.id, topics: await topicIdsOf(database, created.id) };
  };
  const enter = (clerk: StaffViewer, sessionId: string, input: { body: string; channel: Channel; kind?: OpinionKind; topicId?: string; authorName?: string; contact?: string }) =>
    services.opinions.submit({ poster: { viewer: clerk, deviceKey: `s:${clerk.id}` }, input: { sessionId, ...input } });

  // ---- Phường Đồng Nguyên, 30 days ago.
  const dn = await sessionOf(communes[0].id, 'Lắng nghe ý kiến nhân dân khu phố Đồng Kỵ', 'Nhà văn hóa khu phố Đồng Kỵ, phường Đồng Nguyên', 30);
  await services.opinions.submit({
    poster: { viewer: resident, deviceKey: `c:${resident.id}` },
    input: { sessionId: dn.id, body: 'Xe chở gỗ chạy quá tốc độ trên đường Đồng Kỵ giờ tan tầm.', authorName: 'Vũ Đình Nam', topicId: dn.topics.get('An toàn giao thông') },
  });
  const hotline = await enter(dongNguyenOfficer, dn.id, {
    channel: Channel.HOTLINE, kind: OpinionKind.COMPLAINT, authorName: 'Bà Nguyễn Thị Lụa', topicId: dn.topics.get('Trộm cắp tài sản'),
    body: 'Gọi đường dây nóng: xưởng mộc nhà bà bị mất trộm máy cưa hai lần trong tháng.',
  });
  await enter(dongNguyenOfficer, dn.id, { channel: Channel.PAPER, topicId: dn.topics.get('An toàn giao thông'), body: 'Phiếu góp ý: đề nghị lắp đèn đường ở ngõ 4 khu phố Đồng Kỵ.' });
  const dnTip = await enter(dongNguyenOfficer, dn.id, {
    channel: Channel.HOTLINE, kind: OpinionKind.TIP, contact: '0904 111 222',
    body: 'Người gọi báo một nhóm đối tượng thu mua máy cưa, máy bào không rõ nguồn gốc tại bãi gỗ cuối khu phố.',
  });
  await services.sessions.setStatus({ viewer: admin, id: dn.id, status: SessionStatus.CLOSED });
  // Slips from the box at the door, typed in the evening after.
  await enter(dongNguyenOfficer, dn.id, { channel: Channel.PAPER, authorName: 'Ông Trần Văn Hậu', body: 'Phiếu góp ý: cán bộ tiếp dân nhiệt tình, đề nghị giữ hình thức đối thoại này hằng quý.', topicId: dn.topics.get('Thái độ phục vụ của cán bộ') });
  await services.responses.respond({ viewer: dongNguyenOfficer, input: { opinionId: hotline.id, outcome: ResponseOutcome.IN_PROGRESS, body: 'Đã lập biên bản, đang truy tìm tài sản bị mất.' } });
  await services.tips.followUp({ viewer: dongNguyenOfficer, input: { opinionId: dnTip.id, status: TipStatus.VERIFYING, note: 'Trinh sát theo dõi bãi gỗ.' } });
  await services.tips.followUp({ viewer: dongNguyenOfficer, input: { opinionId: dnTip.id, status: TipStatus.CASE_OPENED, caseNumber: 'VA-2026/0917', suspects: 3 } });

  // ---- Phường Đông Ngàn, 20 days ago.
  const dg = await sessionOf(communes[1].id, 'Lắng nghe ý kiến nhân dân phường Đông Ngàn quý IV', 'Hội trường UBND phường Đông Ngàn', 20);
  await enter(dongNganOfficer, dg.id, { channel: Channel.IN_PERSON, authorName: 'Cụ Lê Văn Thịnh', kind: OpinionKind.QUESTION, body: 'Người cao tuổi làm căn cước gắn chip có được làm tại nhà không?' });
  await enter(dongNganOfficer, dg.id, { channel: Channel.EMAIL, kind: OpinionKind.SUGGESTION, topicId: dg.topics.get('Tệ nạn xã hội'), body: 'Thư điện tử: đề nghị tuần tra khu vực bờ sông sau 22 giờ.' });
  const dgTip = await enter(dongNganOfficer, dg.id, { channel: Channel.IN_PERSON, kind: OpinionKind.TIP, body: 'Người dân báo trực tiếp: một căn hộ trên phố Minh Khai cho thuê theo giờ, nghi tổ chức sử dụng ma túy.' });
  const idleTip = await enter(dongNganOfficer, dg.id, { channel: Channel.PAPER, kind: OpinionKind.TIP, body: 'Phiếu: nghi có đánh bạc ở quán nước gần chợ.' });
  await services.sessions.setStatus({ viewer: admin, id: dg.id, status: SessionStatus.CLOSED });
  await services.tips.followUp({ viewer: dongNganOfficer, input: { opinionId: dgTip.id, status: TipStatus.CASE_OPENED, caseNumber: 'VA-2026/0931', suspects: 5 } });
  await services.tips.followUp({ viewer: dongNganOfficer, input: { opinionId: dgTip.id, status: TipStatus.CLOSED, note: 'Đã khởi tố, chuyển Viện kiểm sát.' } });
  await services.tips.followUp({ viewer: dongNganOfficer, input: { opinionId: idleTip.id, status: TipStatus.UNFOUNDED, note: 'Kiểm tra 3 lần không phát hiện vi phạm.' } });
}

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await applyMigrations(database);
    const adminEmail = DEMO_STAFF[0].email;
    if (await database.prisma.staff.findUnique({ where: { email: adminEmail } })) {
      console.log(`The database is already seeded (${adminEmail} exists); nothing changed.`);
      return 0;
    }
    const tokens = new TokenService(resolveJwtSecret({ secret: config.jwtSecret, dataDir: config.dataDir, logger }), {
      staffSeconds: config.staffTokenTtlSeconds,
      citizenSeconds: config.citizenTokenTtlSeconds,
    });
    const services = createServices({ prisma: database.prisma, tokens, events: new MemoryEventBus(), logger });
    const liveSessionId = await seed(database, services);
    const stats = await services.stats.compute(liveSessionId, 'staff');

    const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
    console.log(`Seeded the demo district into the ${where}.`);
    console.log('');
    console.log('Demo logins — DEMO ONLY, do not use these accounts on a real deployment:');
    for (const person of DEMO_STAFF) console.log(`  ${person.role.padEnd(9)}  ${person.email.padEnd(28)}  ${DEMO_PASSWORD}`);
    console.log('');
    const { unitId, joinCode } = await database.prisma.forumSession.findUniqueOrThrow({ where: { id: liveSessionId } });
    const report = await services.reports.unitReport({ viewer: { kind: 'anonymous' }, unitId, from: new Date(Date.now() - 90 * DAY), to: new Date(Date.now() + DAY) });
    console.log(
      `unitReport of ${report.unit.name}, last 90 days (public figures): ${report.sessions} sessions, ${report.opinions} opinions from ${report.participants} people, ` +
        `${report.tipsReceived} tips, ${report.casesOpened} cases, ${report.suspects} suspects; ${report.byUnit.length} wards below`,
    );
    console.log(`Commune officers: ${COMMUNE_OFFICERS.map((o) => o.email).join(', ')} (same password)`);
    console.log('');
    console.log(`LIVE session: ${liveSessionId} (join code ${joinCode})`);
    console.log(
      `  ${stats.opinions} opinions: ${stats.approved} approved, ${stats.pending} pending, ${stats.rejected} rejected, ${stats.hidden} hidden; ${stats.answered} answered, ${stats.upvotes} upvotes`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('Seeding failed:', error);
    process.exit(1);
  },
);
