import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type SignedIn } from '../api/client';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useSignIn } from '../session.tsx';

export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="signin">
      <form
        className="card"
        aria-labelledby="signin-title"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          api<SignedIn>('/auth/login', { method: 'POST', body: { username, password } })
            .then(signIn)
            .catch((err: unknown) => {
              setError(err instanceof ApiError && err.problem.status === 401 ? t('signIn.bad') : t('errors.generic'));
              setBusy(false);
            });
        }}
      >
        <h1 id="signin-title">{t('app.title')}</h1>
        <div className="field">
          <label htmlFor="username">{t('signIn.username')}</label>
          <input
            id="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t('signIn.password')}</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('signIn.submit')}
          </button>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('signIn.demo')}</p>
      </form>
    </main>
  );
}
