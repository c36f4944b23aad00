import { useState } from "preact/hooks";
import { ApiError, post, type SignedIn } from "../api";

/** The login's refusals in the office's words (the hub's codes, docs/console.md). */
function refusal(error: unknown): string {
  if (!(error instanceof ApiError)) return "Đã có lỗi xảy ra. Vui lòng thử lại.";
  switch (error.code) {
    case "bad_credentials":
      return "Sai tên đăng nhập hoặc mật khẩu.";
    case "account_disabled":
      return "Tài khoản bị khóa. Hãy liên hệ quản trị viên.";
    case "rate_limited": {
      const seconds = error.retryAfter ?? 60;
      return `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${seconds} giây.`;
    }
    case "bad_request":
      return "Hãy nhập tên đăng nhập và mật khẩu.";
    default:
      return error.message;
  }
}

export function Login({
  notice,
  onSignedIn,
}: {
  notice?: string | undefined;
  onSignedIn: (who: SignedIn) => void;
}) {
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const who = await post<SignedIn>("/api/login", { login: login.trim(), password });
      setPassword("");
      onSignedIn(who);
    } catch (err) {
      setError(refusal(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="card" onSubmit={submit} data-testid="login-form">
        <h1>Đăng nhập</h1>
        <p class="muted">Hệ thống xếp hàng và lịch hẹn – bộ phận một cửa</p>
        {notice && !error && (
          <p class="banner warn" role="status" data-testid="login-notice">
            {notice}
          </p>
        )}
        {error && (
          <p class="banner error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <label>
          Tên đăng nhập
          <input
            name="login"
            autoComplete="username"
            autoCapitalize="none"
            required
            value={login}
            onInput={(e) => setLogin(e.currentTarget.value)}
          />
        </label>
        <label>
          Mật khẩu
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Đang đăng nhập…" : "Đăng nhập"}
        </button>
      </form>
    </main>
  );
}
