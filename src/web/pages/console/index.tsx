import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api.js';
import { currentStaff, staffSignIn, type StaffSignIn } from '../../staff.js';
import { LogoutDocument } from '../../generated/graphql.js';
import { AuditLog } from './audit-log.js';
import { ChangePassword } from './change-password.js';
import { SessionDesk } from './session-desk.js';
import { Sessions } from './sessions.js';
import { SignIn } from './sign-in.js';
import { StaffAdmin } from './staff-admin.js';

/** The console's views, one per hash: #session=<id> (the desk), #staff, #audit, #password; the sessions otherwise. */
interface Route {
  view: 'sessions' | 'staff' | 'audit' | 'password';
  /** The session whose desk is open (sessions view only). */
  session: string | null;
}

function routeFromHash(): Route {
  const view = /^#(staff|audit|password)$/.exec(location.hash)?.[1] as 'staff' | 'audit' | 'password' | undefined;
  return view ? { view, session: null } : { view: 'sessions', session: /session=([\w-]+)/.exec(location.hash)?.[1] ?? null };
}

/** The console's sections; staff administration for admins only (the server refuses the others anyway). */
function ConsoleNav({ staff, route }: { staff: StaffSignIn; route: Route }) {
  const links: [Route['view'], string, string][] = [
    ['sessions', '#sessions', 'Các phiên'],
    ...(staff.viewer.role === 'ADMIN' ? [['staff', '#staff', 'Cán bộ'] as [Route['view'], string, string]] : []),
    ['audit', '#audit', 'Nhật ký thao tác'],
    ['password', '#password', 'Đổi mật khẩu'],
  ];
  return (
    <nav class="console-nav actions" aria-label="Các mục của bàn điều hành">
      {links.map(([view, href, text]) => (
        <a key={view} href={href} aria-current={route.view === view ? 'page' : undefined}>
          {text}
        </a>
      ))}
      <a href="/console/report">Báo cáo</a>
    </nav>
  );
}

/** The console: sign-in, then the unit's sessions and the desk of the one selected, staff administration, the audit log, Đổi mật khẩu (see Route). */
function ConsolePage() {
  const [staff, setStaff] = useState<StaffSignIn | null | undefined>(undefined);
  const [route, setRoute] = useState(routeFromHash);
  // Bumped when the desk edits a session, so the list reads its new title and times.
  const [sessionsRevision, setSessionsRevision] = useState(0);
  const [signedOutBecause, setSignedOutBecause] = useState<string | null>(null);
  useEffect(() => {
    void currentStaff().then(setStaff);
    const onHash = () => setRoute(routeFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  // The token no longer stands (revoked, expired): forget it.
  const forget = () => {
    staffSignIn.set(null);
    setStaff(null);
  };
  // "Đăng xuất": the server ends the token first, so a copy of it left behind opens nothing.
  const signOut = async () => {
    if (staff) await request(LogoutDocument, {}, staff.token).catch(() => undefined);
    forget();
  };
  if (staff === undefined) return <main aria-busy="true"><p>Đang tải…</p></main>;
  // Every token of the person ended with the old password, this one too: sign in again.
  const passwordChanged = () => {
    forget();
    setSignedOutBecause('Đã đổi mật khẩu. Hãy đăng nhập lại bằng mật khẩu mới.');
    location.hash = '#sessions';
  };
  if (staff === null) return <SignIn notice={signedOutBecause} onSignedIn={(s) => (setSignedOutBecause(null), setStaff(s))} />;
  return (
    <main class="console">
      <header class="page-header row">
        <div>
          <p class="unit">{staff.viewer.unit?.name ?? 'Quản trị hệ thống'}</p>
          <h1>Bàn điều hành</h1>
        </div>
        <p class="actions">
          <span>
            {staff.viewer.displayName} ({staff.viewer.role})
          </span>{' '}
          <button type="button" onClick={() => void signOut()}>
            Đăng xuất
          </button>
        </p>
        <ConsoleNav staff={staff} route={route} />
      </header>
      {route.view === 'staff' ? (
        <StaffAdmin staff={staff} />
      ) : route.view === 'audit' ? (
        <AuditLog staff={staff} />
      ) : route.view === 'password' ? (
        <ChangePassword staff={staff} onChanged={passwordChanged} />
      ) : (
        <div class="console-body">
          <Sessions staff={staff} selected={route.session} revision={sessionsRevision} />
          {route.session ? (
            <SessionDesk staff={staff} sessionId={route.session} onSignOut={forget} onSessionEdited={() => setSessionsRevision((n) => n + 1)} />
          ) : (
            <p class="hint">Chọn một phiên để điều hành.</p>
          )}
        </div>
      )}
    </main>
  );
}

render(<ConsolePage />, document.getElementById('app')!);
