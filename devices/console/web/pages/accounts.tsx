import { useState } from "preact/hooks";
import { type Account, post, type Role } from "../api";
import { dateTimeOf, ROLE_NAMES } from "../text";
import { Banner, Loading, useAction, useLoad } from "../ui";

const ROLES: Role[] = ["officer", "leader", "admin"];
const counterList = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean);

interface Draft {
  login: string;
  name: string;
  role: Role;
  counters: string;
  password: string;
}

const EMPTY: Draft = { login: "", name: "", role: "officer", counters: "", password: "" };

export function AccountsPage({ account: me }: { account: Account }) {
  const { data, error, reload } = useLoad<{ accounts: Account[] }>("/api/accounts");
  const action = useAction();
  const [adding, setAdding] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<(Draft & { disabled: boolean }) | undefined>();

  const add = async (e: Event) => {
    e.preventDefault();
    const body = {
      ...adding,
      login: adding.login.trim(),
      counters: adding.role === "officer" ? counterList(adding.counters) : [],
    };
    if (await action.run(() => post("/api/accounts", body), `Đã thêm tài khoản ${body.login}.`)) {
      setAdding(EMPTY);
      await reload();
    }
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!editing) return;
    const { login, password, counters, disabled, name, role } = editing;
    // Only what the hub takes: counters for an officer alone; an account is only ever locked.
    const body = {
      name,
      role,
      counters: role === "officer" ? counterList(counters) : [],
      ...(password ? { password } : {}),
      ...(disabled ? { disabled: true } : {}),
    };
    if (
      await action.run(
        () => post(`/api/accounts/${encodeURIComponent(login)}`, body),
        `Đã lưu tài khoản ${login}.`,
      )
    ) {
      setEditing(undefined);
      await reload();
    }
  };

  const field = <K extends keyof Draft>(draft: Draft, set: (d: Draft) => void, name: K) => ({
    value: draft[name],
    onInput: (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
      set({ ...draft, [name]: e.currentTarget.value }),
  });

  return (
    <div>
      <div class="page-head">
        <h1>Tài khoản</h1>
      </div>
      <Banner outcome={action.outcome} onClose={action.clear} />
      {!data ? (
        <Loading error={error} />
      ) : (
        <div class="table-wrap">
          <table class="list">
            <thead>
              <tr>
                <th>Tên đăng nhập</th>
                <th>Họ tên</th>
                <th>Vai trò</th>
                <th>Quầy</th>
                <th>Trạng thái</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.accounts.map((a) => (
                <tr
                  key={a.login}
                  class={a.disabledAt ? "disabled" : ""}
                  data-testid="account"
                  data-login={a.login}
                >
                  <td class="mono">{a.login}</td>
                  <td>{a.name}</td>
                  <td>{ROLE_NAMES[a.role]}</td>
                  <td>{a.counters.join(", ")}</td>
                  <td>{a.disabledAt ? `Đã khóa ${dateTimeOf(a.disabledAt)}` : "Đang dùng"}</td>
                  <td>
                    <div class="actions">
                      {a.disabledAt === null && (
                        <button
                          type="button"
                          data-testid="account-edit-open"
                          onClick={() =>
                            setEditing({
                              login: a.login,
                              name: a.name,
                              role: a.role,
                              counters: a.counters.join(", "),
                              password: "",
                              disabled: a.disabledAt !== null,
                            })
                          }
                        >
                          Sửa
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {editing && (
        <form class="card form-grid" onSubmit={save} data-testid="account-edit">
          <h2>Sửa tài khoản {editing.login}</h2>
          <label>
            Họ tên
            <input required {...field(editing, (d) => setEditing({ ...editing, ...d }), "name")} />
          </label>
          <label>
            Vai trò
            <select {...field(editing, (d) => setEditing({ ...editing, ...d }), "role")}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_NAMES[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Quầy (cán bộ; cách nhau bằng dấu phẩy)
            <input {...field(editing, (d) => setEditing({ ...editing, ...d }), "counters")} />
          </label>
          <label>
            Mật khẩu mới (để trống nếu không đổi)
            <input
              type="password"
              autoComplete="new-password"
              minLength={10}
              {...field(editing, (d) => setEditing({ ...editing, ...d }), "password")}
            />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={editing.disabled}
              disabled={editing.login === me.login}
              onChange={(e) => setEditing({ ...editing, disabled: e.currentTarget.checked })}
            />
            Khóa tài khoản (không mở lại được; các phiên đang mở kết thúc ngay)
          </label>
          <div class="buttons">
            <button type="submit" class="primary" disabled={action.busy}>
              Lưu
            </button>
            <button type="button" onClick={() => setEditing(undefined)}>
              Thôi
            </button>
          </div>
        </form>
      )}

      <form class="card form-grid" onSubmit={add} data-testid="account-add">
        <h2>Thêm tài khoản</h2>
        <label>
          Tên đăng nhập
          <input
            required
            autoCapitalize="none"
            pattern="[a-z0-9._\-]{2,32}"
            {...field(adding, setAdding, "login")}
          />
        </label>
        <label>
          Họ tên
          <input required {...field(adding, setAdding, "name")} />
        </label>
        <label>
          Vai trò
          <select {...field(adding, setAdding, "role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Quầy (cán bộ; cách nhau bằng dấu phẩy)
          <input {...field(adding, setAdding, "counters")} />
        </label>
        <label>
          Mật khẩu (ít nhất 10 ký tự)
          <input
            type="password"
            required
            minLength={10}
            autoComplete="new-password"
            {...field(adding, setAdding, "password")}
          />
        </label>
        <div class="buttons">
          <button type="submit" class="primary" disabled={action.busy}>
            Thêm
          </button>
        </div>
      </form>
    </div>
  );
}
