import { useState } from 'preact/hooks';
import { request } from '../../api.js';
import { refusal } from '../../messages.js';
import { staffSignIn, type StaffSignIn } from '../../staff.js';
import { Field, Notice } from '../../ui.js';
import { LoginDocument } from '../../generated/graphql.js';

/** The staff sign-in form; the console shows it while nobody is signed in. */
export function SignIn({ notice = null, onSignedIn }: { notice?: string | null; onSignedIn: (s: StaffSignIn) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const { login } = await request(LoginDocument, { email, password }, null);
      const signIn = { token: login.token, viewer: login.viewer };
      staffSignIn.set(signIn);
      onSignedIn(signIn);
    } catch (error) {
      setProblem(refusal(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="narrow">
      <h1>Bàn điều hành</h1>
      <form class="card" onSubmit={submit} aria-labelledby="signin-title">
        <h2 id="signin-title">Đăng nhập cán bộ</h2>
        {notice && <Notice kind="ok">{notice}</Notice>}
        <Field id="email" label="E-mail">
          <input id="email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </Field>
        <Field id="password" label="Mật khẩu">
          <input id="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          Đăng nhập
        </button>
        {problem && <Notice kind="error">{problem}</Notice>}
      </form>
    </main>
  );
}
