import { useCallback, useEffect, useState } from "preact/hooks";
import {
  type Account,
  ApiError,
  get,
  onSessionLost,
  post,
  type Role,
  type SignedIn,
  setCsrfToken,
} from "./api";
import { AccountsPage } from "./pages/accounts";
import { AuditPage } from "./pages/audit";
import { ConfigPage } from "./pages/config";
import { DOSSIER_PAGES, DossierPage, mayOpen, useDossierFeed } from "./pages/dossiers";
import { Login } from "./pages/login";
import { PhonesPage } from "./pages/phones";
import { SmsPage } from "./pages/sms";
import { StatsPage } from "./pages/stats";
import { TodayPage } from "./pages/today";
import { WhatIfPage } from "./pages/whatif";
import { ROLE_NAMES } from "./text";

/** The pages, their address (`#/…`), their name and who sees them (the hub checks again). */
export const PAGES = [
  { path: "hom-nay", name: "Hôm nay", roles: ["officer", "leader", "admin"] },
  { path: "thong-ke", name: "Thống kê", roles: ["leader", "admin"] },
  { path: "so-dien-thoai", name: "Số điện thoại", roles: ["leader", "admin"] },
  { path: "tin-nhan", name: "Tin nhắn", roles: ["leader", "admin"] },
  { path: "nhat-ky", name: "Nhật ký", roles: ["leader", "admin"] },
  { path: "neu-nhu", name: "Nếu như…", roles: ["leader", "admin"] },
  { path: "cau-hinh", name: "Cấu hình", roles: ["admin"] },
  { path: "tai-khoan", name: "Tài khoản", roles: ["admin"] },
] as const satisfies readonly { path: string; name: string; roles: readonly Role[] }[];

type PagePath = (typeof PAGES)[number]["path"];

const pathOfHash = (): string => location.hash.replace(/^#\/?/, "").split("?")[0] ?? "";

function useHashPath(): string {
  const [path, setPath] = useState(pathOfHash);
  useEffect(() => {
    const change = () => setPath(pathOfHash());
    addEventListener("hashchange", change);
    return () => removeEventListener("hashchange", change);
  }, []);
  return path;
}

type State = { kind: "loading" } | { kind: "out"; notice?: string } | { kind: "in"; account: Account };

export function App() {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [menu, setMenu] = useState(false);
  const path = useHashPath();
  // The account's dossiers, live: the badge and sound of "Hồ sơ của tôi" on every page.
  const feed = useDossierFeed(state.kind === "in" ? state.account : undefined);

  const signedIn = useCallback((who: SignedIn) => {
    setCsrfToken(who.csrfToken);
    setState({ kind: "in", account: who.account });
  }, []);

  useEffect(() => {
    onSessionLost((expired) => {
      setCsrfToken("");
      // A page that was signed in and is refused has lost its session, whichever 401 says so
      // (the hub names an ended session `session_expired` once, then no longer knows it).
      setState((before) => ({
        kind: "out",
        ...(expired || before.kind === "in"
          ? { notice: "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại." }
          : {}),
      }));
    });
    // A reloaded page asks who it is: the cookie may still hold a session.
    get<SignedIn>("/api/session")
      .then(signedIn)
      .catch((e) => {
        if (!(e instanceof ApiError && e.status === 401)) setState({ kind: "out", notice: e.message });
      });
  }, [signedIn]);

  // Back on the tab after a while: the hub says at once whether the session still holds.
  useEffect(() => {
    if (state.kind !== "in") return;
    const check = () => {
      if (document.visibilityState === "visible") get<SignedIn>("/api/session").catch(() => {});
    };
    document.addEventListener("visibilitychange", check);
    return () => document.removeEventListener("visibilitychange", check);
  }, [state.kind]);

  if (state.kind === "loading") return <p class="muted center">Đang tải…</p>;
  if (state.kind === "out") return <Login notice={state.notice} onSignedIn={signedIn} />;

  const { account } = state;
  const mine = PAGES.filter((p) => (p.roles as readonly Role[]).includes(account.role));
  const page = PAGES.find((p) => p.path === path.split("/")[0]);
  const dossierPage = DOSSIER_PAGES.find((p) => p.path === path);
  const activePath = dossierPage?.path ?? (page ?? PAGES[0]).path;
  // The dossier pages after "Hôm nay": those this account's officer (or role) may open.
  const nav: { path: string; name: string }[] = [
    ...mine.slice(0, 1),
    ...DOSSIER_PAGES.filter((p) => p.nav && mayOpen(p.path, account, feed.officer)),
    ...mine.slice(1),
  ];
  const fresh = feed.fresh.size;
  const logout = async () => {
    await post("/api/logout", {}).catch(() => {});
    setCsrfToken("");
    setState({ kind: "out" });
  };

  return (
    <div class="shell">
      <header class="top">
        <button type="button" class="menu-toggle" aria-label="Mở trình đơn" onClick={() => setMenu(!menu)}>
          ☰
        </button>
        <strong class="brand">Một cửa</strong>
        <nav class={menu ? "nav open" : "nav"} aria-label="Các trang" data-testid="nav">
          {nav.map((p) => (
            <a
              key={p.path}
              href={`#/${p.path}`}
              class={activePath === p.path ? "active" : ""}
              onClick={() => setMenu(false)}
              data-testid={`nav-${p.path}`}
            >
              {p.name}
              {p.path === "ho-so-cua-toi" && fresh > 0 && (
                <span class="nav-badge" data-testid="dossier-badge" data-beeps={feed.beeps}>
                  {fresh}
                </span>
              )}
            </a>
          ))}
        </nav>
        <span class="who" data-testid="who">
          {account.name} · {ROLE_NAMES[account.role]}
        </span>
        <button type="button" class="link" onClick={logout} data-testid="logout">
          Đăng xuất
        </button>
      </header>
      <main class="content">
        {dossierPage ? (
          <DossierPage path={dossierPage.path} account={account} feed={feed} />
        ) : page && !(page.roles as readonly Role[]).includes(account.role) ? (
          <p class="banner error" role="alert" data-testid="forbidden">
            Tài khoản của bạn không có quyền xem trang này.
          </p>
        ) : (
          <Page path={page?.path ?? "hom-nay"} account={account} />
        )}
      </main>
    </div>
  );
}

function Page({ path, account }: { path: PagePath; account: Account }) {
  switch (path) {
    case "hom-nay":
      return <TodayPage account={account} />;
    case "so-dien-thoai":
      return <PhonesPage />;
    case "tin-nhan":
      return <SmsPage />;
    case "nhat-ky":
      return <AuditPage />;
    case "cau-hinh":
      return <ConfigPage />;
    case "tai-khoan":
      return <AccountsPage account={account} />;
    case "neu-nhu":
      return <WhatIfPage />;
    case "thong-ke":
      return <StatsPage account={account} />;
  }
}
