import type { OfficeConfig } from "./config";

/** The rule parameters with a form field (the others are in the advanced editor). */
const RULES: { key: string; label: string; step?: number }[] = [
  { key: "travelBufferMinutes", label: "Thời gian đi đường tối thiểu khi đặt trong ngày (phút)" },
  { key: "graceMinutes", label: "Thời gian chờ người hẹn sau khi gọi (phút)" },
  { key: "appointmentShare", label: "Tỉ lệ lượt dành cho lịch hẹn (0–1)", step: 0.05 },
  { key: "maxNoShows", label: "Số lần vắng mặt trước khi chặn số" },
  { key: "maxActiveBookingsPerDay", label: "Số lịch hẹn tối đa mỗi ngày cho một số" },
  { key: "bookingWindowDays", label: "Đặt lịch trước tối đa (ngày)" },
];

const SESSION_FIELDS = { start: "bắt đầu", end: "kết thúc", appointmentsFrom: "nhận lịch hẹn từ" };

/** "1, 2" or one a line → ["1", "2"]. */
export const listOf = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Aliases are names of several words: separated by commas or lines only. */
const namesOf = (text: string) =>
  text
    .split(/[,;\n]+/)
    .map((l) => l.trim())
    .filter(Boolean);

type Edit = (change: (c: OfficeConfig) => void) => void;

function RemoveButton({ what, onRemove }: { what: string; onRemove: () => void }) {
  return (
    <button type="button" class="link danger-link" aria-label={`Bỏ ${what}`} onClick={onRemove}>
      Bỏ
    </button>
  );
}

/**
 * The forms of the common changes: services, counters, procedures, sessions, the calendar, the
 * rules. Each edit makes a new draft; nothing is sent until the page checks or applies it.
 */
export function ConfigForms({ draft, edit }: { draft: OfficeConfig; edit: Edit }) {
  const counterIds = draft.counters.map((c) => c.id);
  return (
    <>
      <section class="card">
        <h2>Lĩnh vực</h2>
        <p class="muted small">Quầy hiện có: {counterIds.join(", ")}</p>
        <div class="table-wrap">
          <table class="list form-table">
            <thead>
              <tr>
                <th>Mã</th>
                <th>Tên</th>
                <th>Phút trung bình</th>
                <th>Quầy phục vụ</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.services.map((s, i) => (
                // By index: a row keeps its place while its code is typed
                <tr key={i} data-testid={`service-${s.code}`}>
                  <td>
                    <input
                      class="code-input"
                      aria-label="Mã lĩnh vực"
                      value={s.code}
                      onChange={(e) =>
                        edit((c) => {
                          (c.services[i] as typeof s).code = e.currentTarget.value.trim().toUpperCase();
                        })
                      }
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Tên lĩnh vực ${s.code}`}
                      value={s.name}
                      onInput={(e) =>
                        edit((c) => {
                          (c.services[i] as typeof s).name = e.currentTarget.value;
                        })
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min={1}
                      max={240}
                      aria-label={`Phút trung bình ${s.code}`}
                      value={s.averageMinutes}
                      onInput={(e) =>
                        edit((c) => {
                          (c.services[i] as typeof s).averageMinutes = Number(e.currentTarget.value);
                        })
                      }
                      data-testid={`average-${s.code}`}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Quầy phục vụ ${s.code}`}
                      value={s.counters.join(", ")}
                      onChange={(e) =>
                        edit((c) => {
                          (c.services[i] as typeof s).counters = listOf(e.currentTarget.value);
                        })
                      }
                      data-testid={`counters-${s.code}`}
                    />
                  </td>
                  <td>
                    <RemoveButton
                      what={`lĩnh vực ${s.code}`}
                      onRemove={() =>
                        edit((c) => {
                          c.services.splice(i, 1);
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
              c.services.push({ code: "", name: "", averageMinutes: 10, counters: counterIds.slice(0, 1) });
            })
          }
        >
          Thêm lĩnh vực
        </button>
      </section>

      <section class="card">
        <h2>Quầy</h2>
        <div class="table-wrap">
          <table class="list form-table">
            <thead>
              <tr>
                <th>Số quầy</th>
                <th>Tên hiển thị</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.counters.map((counter, i) => (
                // By index: a row keeps its place while its id is typed
                <tr key={i} data-testid={`counter-row-${counter.id}`}>
                  <td>
                    <input
                      class="code-input"
                      aria-label="Số quầy"
                      value={counter.id}
                      onChange={(e) =>
                        edit((c) => {
                          (c.counters[i] as typeof counter).id = e.currentTarget.value.trim();
                        })
                      }
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Tên quầy ${counter.id}`}
                      placeholder={`Quầy ${counter.id}`}
                      value={counter.name ?? ""}
                      onInput={(e) =>
                        edit((c) => {
                          const row = c.counters[i] as typeof counter;
                          const name = e.currentTarget.value;
                          if (name.trim()) row.name = name;
                          else delete row.name;
                        })
                      }
                    />
                  </td>
                  <td>
                    <RemoveButton
                      what={`quầy ${counter.id}`}
                      onRemove={() =>
                        edit((c) => {
                          c.counters.splice(i, 1);
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
              c.counters.push({ id: String(c.counters.length + 1) });
            })
          }
        >
          Thêm quầy
        </button>
      </section>

      <section class="card">
        <h2>Thủ tục</h2>
        <div class="table-wrap">
          <table class="list form-table">
            <thead>
              <tr>
                <th>Mã</th>
                <th>Tên</th>
                <th>Lĩnh vực</th>
                <th>Tên gọi khác (cách nhau bằng dấu phẩy)</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.procedures.map((p, i) => (
                // By index: a row keeps its place while its code is typed
                <tr key={i} data-testid={`procedure-${p.code}`}>
                  <td>
                    <input
                      class="code-input"
                      aria-label="Mã thủ tục"
                      value={p.code}
                      onChange={(e) =>
                        edit((c) => {
                          (c.procedures[i] as typeof p).code = e.currentTarget.value.trim().toUpperCase();
                        })
                      }
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Tên thủ tục ${p.code}`}
                      value={p.name}
                      onInput={(e) =>
                        edit((c) => {
                          (c.procedures[i] as typeof p).name = e.currentTarget.value;
                        })
                      }
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`Lĩnh vực của ${p.code}`}
                      value={p.service}
                      onChange={(e) =>
                        edit((c) => {
                          (c.procedures[i] as typeof p).service = e.currentTarget.value;
                        })
                      }
                    >
                      {draft.services.map((s) => (
                        <option key={s.code} value={s.code}>
                          {s.code} – {s.name}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      aria-label={`Tên gọi khác của ${p.code}`}
                      value={(p.aliases ?? []).join(", ")}
                      onChange={(e) =>
                        edit((c) => {
                          (c.procedures[i] as typeof p).aliases = namesOf(e.currentTarget.value);
                        })
                      }
                    />
                  </td>
                  <td>
                    <RemoveButton
                      what={`thủ tục ${p.code}`}
                      onRemove={() =>
                        edit((c) => {
                          c.procedures.splice(i, 1);
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
              c.procedures.push({ code: "", name: "", service: c.services[0]?.code ?? "", aliases: [] });
            })
          }
        >
          Thêm thủ tục
        </button>
      </section>

      <section class="card">
        <h2>Buổi làm việc</h2>
        <div class="table-wrap">
          <table class="list form-table">
            <thead>
              <tr>
                <th>Buổi</th>
                <th>Bắt đầu</th>
                <th>Kết thúc</th>
                <th>Nhận lịch hẹn từ</th>
              </tr>
            </thead>
            <tbody>
              {draft.sessions.map((s, i) => (
                <tr key={s.id} data-testid={`session-${s.id}`}>
                  <td>{s.name}</td>
                  {(["start", "end", "appointmentsFrom"] as const).map((field) => (
                    <td key={field}>
                      <input
                        inputMode="numeric"
                        pattern="([01][0-9]|2[0-3]):[0-5][0-9]"
                        placeholder="HH:MM"
                        maxLength={5}
                        aria-label={`${s.name}: ${SESSION_FIELDS[field]}`}
                        value={s[field]}
                        onInput={(e) =>
                          edit((c) => {
                            (c.sessions[i] as typeof s)[field] = e.currentTarget.value;
                          })
                        }
                        data-testid={`session-${s.id}-${field}`}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="card two">
        <label>
          Ngày nghỉ (mỗi dòng một ngày, YYYY-MM-DD)
          <textarea
            rows={6}
            value={draft.calendar.holidays.join("\n")}
            onChange={(e) =>
              edit((c) => {
                c.calendar.holidays = listOf(e.currentTarget.value);
              })
            }
            data-testid="holidays"
          />
        </label>
        <label>
          Ngày làm bù (mỗi dòng một ngày, YYYY-MM-DD)
          <textarea
            rows={6}
            value={draft.calendar.makeUpWorkingDays.join("\n")}
            onChange={(e) =>
              edit((c) => {
                c.calendar.makeUpWorkingDays = listOf(e.currentTarget.value);
              })
            }
            data-testid="make-up-days"
          />
        </label>
      </section>

      <section class="card">
        <h2>Quy tắc</h2>
        <div class="grid-fields">
          {RULES.map(({ key, label, step }) => (
            <label key={key}>
              {label}
              <input
                type="number"
                min={0}
                step={step ?? 1}
                value={typeof draft.rules[key] === "number" ? (draft.rules[key] as number) : ""}
                onInput={(e) =>
                  edit((c) => {
                    c.rules[key] = Number(e.currentTarget.value);
                  })
                }
                data-testid={`rule-${key}`}
              />
            </label>
          ))}
          <label class="check">
            <input
              type="checkbox"
              checked={draft.rules.bookingsAnyHour === true}
              onChange={(e) =>
                edit((c) => {
                  c.rules.bookingsAnyHour = e.currentTarget.checked;
                })
              }
            />
            Nhận đặt lịch qua SMS cả ngoài giờ làm việc
          </label>
        </div>
      </section>
    </>
  );
}
