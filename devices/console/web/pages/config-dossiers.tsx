import type { OfficeConfig } from "./config";
import { listOf } from "./config-forms";

// The dossier sections of the configuration as forms (docs/dossiers.md, docs/configuration.md):
// the officers who handle dossiers and the procedures' internal processes. The hub checks the
// whole configuration when the page checks or applies it (a legal limit exceeded, a role
// nobody has, a procedure in two processes); the totals shown here only help while typing.

type Role = "reception" | "leader" | "specialist" | "head" | "clerk";

/** The roles of a process, in their usual order, as the office calls them. */
const ROLES: { role: Role; name: string }[] = [
  { role: "reception", name: "Một cửa (tiếp nhận và trả kết quả)" },
  { role: "leader", name: "Lãnh đạo phòng (phụ trách lĩnh vực)" },
  { role: "specialist", name: "Chuyên viên (thẩm định)" },
  { role: "head", name: "Lãnh đạo cơ quan (ký)" },
  { role: "clerk", name: "Văn thư (đóng dấu, phát hành)" },
];

/** One working day of the legal limit is this many working hours (packages/config). */
const HOURS_PER_DAY = 8;

interface Officer {
  id: string;
  name: string;
  phone?: string;
  roles: Role[];
  services: string[];
}

interface Step {
  name: string;
  role: Role;
  hours?: number;
  /** Absent means counted (the schema's default). */
  counted?: boolean;
}

interface Process {
  id: string;
  name?: string;
  procedures: string[];
  legalDays: number;
  steps: Step[];
}

type Edit = (change: (c: OfficeConfig) => void) => void;

const officersOf = (c: OfficeConfig) => {
  if (!Array.isArray(c.officers)) c.officers = [];
  return c.officers as Officer[];
};
const processesOf = (c: OfficeConfig) => {
  if (!Array.isArray(c.processes)) c.processes = [];
  return c.processes as Process[];
};

function Remove({ what, onRemove }: { what: string; onRemove: () => void }) {
  return (
    <button type="button" class="link danger-link" aria-label={`Bỏ ${what}`} onClick={onRemove}>
      Bỏ
    </button>
  );
}

export function DossierForms({ draft, edit }: { draft: OfficeConfig; edit: Edit }) {
  return (
    <>
      <OfficerForm draft={draft} edit={edit} />
      <ProcessForms draft={draft} edit={edit} />
    </>
  );
}

function OfficerForm({ draft, edit }: { draft: OfficeConfig; edit: Edit }) {
  const officers = (Array.isArray(draft.officers) ? draft.officers : []) as Officer[];
  const officer = (c: OfficeConfig, i: number) => officersOf(c)[i] as Officer;
  return (
    <section class="card">
      <h2>Cán bộ xử lý hồ sơ</h2>
      <p class="muted small">
        Mỗi cán bộ nhận thông báo hồ sơ trên trang "Hồ sơ của tôi" và qua SMS tới số điện thoại này; chỉ tin
        XONG gửi từ số này mới được tính. Mã cán bộ là tên đăng nhập của họ.
      </p>
      <div class="table-wrap">
        <table class="list form-table">
          <thead>
            <tr>
              <th>Mã</th>
              <th>Họ tên</th>
              <th>Điện thoại</th>
              <th>Vai trò</th>
              <th>Lĩnh vực</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {officers.map((o, i) => (
              // By index: a row keeps its place while its id is typed
              <tr key={i} data-testid={`officer-${o.id}`}>
                <td>
                  <input
                    class="code-input"
                    aria-label="Mã cán bộ"
                    value={o.id}
                    onChange={(e) =>
                      edit((c) => {
                        officer(c, i).id = e.currentTarget.value.trim().toLowerCase();
                      })
                    }
                  />
                </td>
                <td>
                  <input
                    aria-label={`Họ tên cán bộ ${o.id}`}
                    value={o.name}
                    onInput={(e) =>
                      edit((c) => {
                        officer(c, i).name = e.currentTarget.value;
                      })
                    }
                  />
                </td>
                <td>
                  <input
                    aria-label={`Điện thoại cán bộ ${o.id}`}
                    inputMode="tel"
                    value={o.phone ?? ""}
                    onChange={(e) =>
                      edit((c) => {
                        const phone = e.currentTarget.value.replace(/[\s.]/g, "");
                        if (phone) officer(c, i).phone = phone;
                        else delete officer(c, i).phone;
                      })
                    }
                  />
                </td>
                <td>
                  <fieldset class="checks" aria-label={`Vai trò của ${o.id}`}>
                    {ROLES.map(({ role, name }) => (
                      <label key={role} title={name}>
                        <input
                          type="checkbox"
                          checked={o.roles.includes(role)}
                          onChange={(e) =>
                            edit((c) => {
                              const row = officer(c, i);
                              const on = e.currentTarget.checked;
                              row.roles = ROLES.map((r) => r.role).filter((r) =>
                                r === role ? on : row.roles.includes(r),
                              );
                            })
                          }
                          data-testid={`officer-${o.id}-${role}`}
                        />{" "}
                        {name.split(" (")[0]}
                      </label>
                    ))}
                  </fieldset>
                </td>
                <td>
                  <input
                    aria-label={`Lĩnh vực của ${o.id}`}
                    value={o.services.join(", ")}
                    onChange={(e) =>
                      edit((c) => {
                        officer(c, i).services = listOf(e.currentTarget.value.toUpperCase());
                      })
                    }
                  />
                </td>
                <td>
                  <Remove
                    what={`cán bộ ${o.id}`}
                    onRemove={() =>
                      edit((c) => {
                        officersOf(c).splice(i, 1);
                      })
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        onClick={() =>
          edit((c) => {
            officersOf(c).push({
              id: "",
              name: "",
              roles: ["specialist"],
              services: c.services.slice(0, 1).map((s) => s.code),
            });
          })
        }
      >
        Thêm cán bộ
      </button>
    </section>
  );
}

function ProcessForms({ draft, edit }: { draft: OfficeConfig; edit: Edit }) {
  const processes = (Array.isArray(draft.processes) ? draft.processes : []) as Process[];
  return (
    <section class="card">
      <h2>Quy trình nội bộ</h2>
      <p class="muted small">
        Các bước xử lý hồ sơ sau tiếp nhận, mỗi bước có số giờ làm việc; tổng số giờ các bước được tính không
        vượt quá thời hạn giải quyết (mỗi ngày làm việc {HOURS_PER_DAY} giờ). Bước đầu (tiếp nhận) và bước
        cuối (trả kết quả) có thể không tính vào thời hạn. Hồ sơ đang xử lý giữ quy trình lúc tiếp nhận.
      </p>
      {processes.map((p, i) => (
        // By index: a process keeps its place while its id is typed
        <ProcessForm key={i} process={p} index={i} edit={edit} />
      ))}
      <button
        type="button"
        onClick={() =>
          edit((c) => {
            processesOf(c).push({
              id: `QT${processesOf(c).length + 1}`,
              procedures: [],
              legalDays: 1,
              steps: [
                { name: "Tiếp nhận hồ sơ", role: "reception", counted: false },
                { name: "Thẩm định hồ sơ", role: "specialist", hours: 4, counted: true },
                { name: "Trả kết quả", role: "reception", counted: false },
              ],
            });
          })
        }
      >
        Thêm quy trình
      </button>
    </section>
  );
}

function ProcessForm({ process: p, index: i, edit }: { process: Process; index: number; edit: Edit }) {
  const proc = (c: OfficeConfig) => processesOf(c)[i] as Process;
  const step = (c: OfficeConfig, j: number) => proc(c).steps[j] as Step;
  const counted = p.steps.filter((s) => s.counted !== false).reduce((sum, s) => sum + (s.hours ?? 0), 0);
  const limit = p.legalDays * HOURS_PER_DAY;
  const over = counted > limit;
  return (
    <fieldset class="process" data-testid={`process-${p.id}`}>
      <legend>
        Quy trình <strong>{p.id}</strong>
        {p.name ? ` — ${p.name}` : ""}
      </legend>
      <div class="filters">
        <label>
          Mã{" "}
          <input
            class="code-input"
            aria-label="Mã quy trình"
            value={p.id}
            onChange={(e) =>
              edit((c) => {
                proc(c).id = e.currentTarget.value.trim();
              })
            }
          />
        </label>
        <label>
          Tên{" "}
          <input
            aria-label={`Tên quy trình ${p.id}`}
            value={p.name ?? ""}
            onInput={(e) =>
              edit((c) => {
                const name = e.currentTarget.value;
                if (name.trim()) proc(c).name = name;
                else delete proc(c).name;
              })
            }
          />
        </label>
        <label>
          Thủ tục áp dụng{" "}
          <input
            aria-label={`Thủ tục của quy trình ${p.id}`}
            value={p.procedures.join(", ")}
            onChange={(e) =>
              edit((c) => {
                proc(c).procedures = listOf(e.currentTarget.value.toUpperCase());
              })
            }
          />
        </label>
        <label>
          Thời hạn giải quyết (ngày làm việc){" "}
          <input
            type="number"
            min={0.5}
            step={0.5}
            aria-label={`Thời hạn của quy trình ${p.id}`}
            value={p.legalDays}
            onInput={(e) =>
              edit((c) => {
                proc(c).legalDays = Number(e.currentTarget.value);
              })
            }
          />
        </label>
      </div>
      <div class="table-wrap">
        <table class="list form-table">
          <thead>
            <tr>
              <th>Bước</th>
              <th>Tên bước</th>
              <th>Vai trò</th>
              <th>Số giờ</th>
              <th>Tính vào thời hạn</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {p.steps.map((s, j) => (
              <tr key={j} data-testid={`process-${p.id}-step-${j + 1}`}>
                <td>{j + 1}</td>
                <td>
                  <input
                    aria-label={`Tên bước ${j + 1} của ${p.id}`}
                    value={s.name}
                    onInput={(e) =>
                      edit((c) => {
                        step(c, j).name = e.currentTarget.value;
                      })
                    }
                  />
                </td>
                <td>
                  <select
                    aria-label={`Vai trò bước ${j + 1} của ${p.id}`}
                    value={s.role}
                    onChange={(e) =>
                      edit((c) => {
                        step(c, j).role = e.currentTarget.value as Role;
                      })
                    }
                  >
                    {ROLES.map(({ role, name }) => (
                      <option key={role} value={role}>
                        {name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="number"
                    min={0.25}
                    step={0.25}
                    aria-label={`Số giờ bước ${j + 1} của ${p.id}`}
                    value={s.hours ?? ""}
                    onInput={(e) =>
                      edit((c) => {
                        const hours = e.currentTarget.value;
                        if (hours === "") delete step(c, j).hours;
                        else step(c, j).hours = Number(hours);
                      })
                    }
                    data-testid={`process-${p.id}-hours-${j + 1}`}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Bước ${j + 1} của ${p.id} tính vào thời hạn`}
                    checked={s.counted !== false}
                    onChange={(e) =>
                      edit((c) => {
                        step(c, j).counted = e.currentTarget.checked;
                      })
                    }
                  />
                </td>
                <td class="control">
                  <button
                    type="button"
                    class="link"
                    aria-label={`Đưa bước ${j + 1} của ${p.id} lên`}
                    disabled={j === 0}
                    onClick={() =>
                      edit((c) => {
                        const steps = proc(c).steps;
                        [steps[j - 1], steps[j]] = [steps[j] as Step, steps[j - 1] as Step];
                      })
                    }
                  >
                    ↑
                  </button>
                  <Remove
                    what={`bước ${j + 1} của ${p.id}`}
                    onRemove={() =>
                      edit((c) => {
                        proc(c).steps.splice(j, 1);
                      })
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class={over ? "banner error" : "muted small"} data-testid={`process-${p.id}-total`}>
        Các bước được tính: {hoursText(counted)} / thời hạn {hoursText(limit)}
        {over ? " — vượt thời hạn giải quyết" : ""}
      </p>
      <div class="buttons">
        <button
          type="button"
          onClick={() =>
            edit((c) => {
              const steps = proc(c).steps;
              // Before handing the result over, when the last step is that.
              const at =
                steps.length > 0 && steps.at(-1)?.counted === false ? steps.length - 1 : steps.length;
              steps.splice(at, 0, { name: "", role: "specialist", hours: 1, counted: true });
            })
          }
        >
          Thêm bước
        </button>
        <Remove
          what={`quy trình ${p.id}`}
          onRemove={() =>
            edit((c) => {
              processesOf(c).splice(i, 1);
            })
          }
        />
      </div>
    </fieldset>
  );
}

function hoursText(hours: number): string {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(2).replace(/0$/, "")} giờ`;
}
