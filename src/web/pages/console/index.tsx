import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api.js';
import { currentStaff, staffSignIn, type StaffSignIn } from '../../staff.js';
import { LogoutDocument } from '../../generated/graphql.js';
import { SessionDesk } from './session-desk.js';
import { Sessions } from './sessions.js';
import { SignIn } from './sign-in.js';

function selectedFromHash(): string | null {
  return /session=([\w-]+)/.exec(location.hash)?.[1] ?? null;
}

/** The console: sign-in, then the unit's sessions and the desk of the one selected (#session=…). */
function ConsolePage() {
  const [staff, setStaff] = useState<StaffSignIn | null | undefined>(undefined);
  const [selected, setSelected] = useState(selectedFromHash);
  useEffect(() => {
    void currentStaff().then(setStaff);
    const onHash = () => setSelected(selectedFromHash());
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
  if (staff === null) return <SignIn onSignedIn={setStaff} />;
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
          <a href="/console/report">Báo cáo</a>{' '}
          <button type="button" onClick={() => void signOut()}>
            Đăng xuất
          </button>
        </p>
      </header>
      <div class="console-body">
        <Sessions staff={staff} selected={selected} />
        {selected ? <SessionDesk staff={staff} sessionId={selected} onSignOut={forget} /> : <p class="hint">Chọn một phiên để điều hành.</p>}
      </div>
    </main>
  );
}

render(<ConsolePage />, document.getElementById('app')!);
