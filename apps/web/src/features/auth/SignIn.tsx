import { useId, useState, type FormEvent } from 'react';
import type { SessionInfo } from '@tidings/protocol';
import { signIn } from '../../lib/api.ts';
import { Logo } from '../../lib/Logo.tsx';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';

interface SignInProps {
  /** Why the user is here, e.g. the session ended elsewhere. */
  notice: string | null;
  onSignedIn: (session: SessionInfo) => void;
}

export function SignIn({ notice, onSignedIn }: SignInProps) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useDocumentTitle('Sign in — Tidings');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (!email.trim()) return setError('Enter your email address');
    if (!password) return setError('Enter your password');
    setSubmitting(true);
    setError(null);
    try {
      onSignedIn(await signIn({ email: email.trim(), password }));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Sign-in failed.');
      setSubmitting(false);
    }
  }

  const alert = error ?? notice;
  return (
    <main className="signin">
      <form className="signin__card" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        <div className="signin__brand">
          <Logo />
          <span>Tidings</span>
        </div>
        <h1 id={`${id}-title`} className="signin__title">
          Sign in to your mailbox
        </h1>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            name="email"
            type="text"
            inputMode="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={error !== null && !email.trim()}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {alert && (
          <p role="alert" className="error-box">
            {alert}
          </p>
        )}
        <button
          type="submit"
          className="button button--primary signin__submit"
          disabled={submitting}
          aria-busy={submitting}
        >
          {submitting && <span className="spinner" aria-hidden="true" />}
          Sign in
        </button>
      </form>
    </main>
  );
}
