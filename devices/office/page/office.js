// The office simulator page: plain modules, no build step. Everything it shows comes from the
// real programs (hub, pads, kiosk, display) through /events.
const $ = (id) => document.getElementById(id);
const post = (path, body) =>
  fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then((r) => r.json());

const boot = await fetch("/bootstrap.json").then((r) => r.json());
$("office").textContent = `${boot.office} — mô phỏng`;
// Why the clock is not the real time (the office was closed when it started).
if (boot.clockNote) {
  $("clock-note").textContent = boot.clockNote;
  $("clock-note").hidden = false;
}
$("display").src = boot.displayUrl;
if (boot.console) {
  $("console-link").href = boot.console.url;
  $("console-logins").textContent = boot.console.logins.join(", ");
  $("console-password").textContent = boot.console.password;
  $("console-note").hidden = false;
}
$("sms-hint").textContent =
  `Mã thủ tục: ${boot.procedures.map((p) => p.code).join(", ")}. Ví dụ: DK Nguyễn Văn An KS mai · HUY <mã> · TT <mã> · HD`;

for (const c of boot.counters) {
  const pad = document.createElement("div");
  pad.className = "pad";
  pad.innerHTML = `<h3><span class="led" id="led-${c.id}"></span>${c.name} <small>(${c.services.join(", ")})</small></h3>
    <div class="serving" id="serving-${c.id}">—</div><div class="buttons"></div>`;
  // The pad's keys, named as on the pad and in docs/operating.md; "Tạm dừng" also reopens.
  for (const { key, label } of boot.keys) {
    const b = document.createElement("button");
    b.textContent = label;
    b.dataset.counter = c.id;
    b.dataset.button = key;
    if (key === "pause") b.title = "Tạm dừng quầy; bấm lại để mở quầy";
    b.addEventListener("click", () => post(`/counter/${c.id}/press`, { button: key }));
    pad.querySelector(".buttons").append(b);
  }
  // The citizen's rating pad beside the counter: three keys and its thank-you light.
  if (boot.ratingKeys.length > 0) {
    const rating = document.createElement("div");
    rating.className = "rating";
    rating.setAttribute("aria-label", `Đánh giá ${c.name}`);
    rating.innerHTML = `<span class="light off" id="rating-light-${c.id}" role="status"></span>
      <span class="rating-title">Công dân đánh giá:</span><span class="rating-buttons"></span>`;
    for (const { key, label } of boot.ratingKeys) {
      const b = document.createElement("button");
      b.textContent = label;
      b.dataset.rating = c.id;
      b.dataset.key = key;
      b.addEventListener("click", () => post(`/rating/${c.id}/press`, { key }));
      rating.querySelector(".rating-buttons").append(b);
    }
    pad.append(rating);
  }
  $("pads").append(pad);
}

for (const s of boot.services) {
  const b = document.createElement("button");
  b.textContent = `${s.code} — ${s.name}`;
  b.dataset.service = s.code;
  b.addEventListener("click", async () => {
    const outcome = await post("/kiosk/press", { service: s.code, priority: $("priority").checked });
    $("priority").checked = false;
    if (outcome.outcome !== "printed")
      $("kiosk-message").textContent = outcome.message ?? `Không in được số (${outcome.outcome})`;
    else $("kiosk-message").textContent = "";
  });
  $("service-buttons").append(b);
}

$("sms-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await post("/sms", { from: $("sms-from").value, text: $("sms-text").value });
  if (result.error) $("sms-hint").textContent = result.error;
});

function say(kind, who, text, at) {
  const li = document.createElement("li");
  li.className = kind;
  li.innerHTML = `<small></small>`;
  li.querySelector("small").textContent =
    `${kind === "in" ? "Gửi từ" : "Trả lời đến"} ${who} · ${new Date(at).toLocaleTimeString("vi-VN")}`;
  li.append(text);
  $("conversation").prepend(li);
  while ($("conversation").children.length > 60) $("conversation").lastChild.remove();
}

// The rating pad's LED as the citizen sees it: lit to thank, blinking when refused.
function showRatingLight(counter, light, meaning) {
  const element = $(`rating-light-${counter}`);
  if (!element) return;
  element.className = `light ${light}`;
  element.dataset.light = light;
  if (meaning) element.title = meaning;
}

const events = new EventSource("/events");
events.onmessage = (message) => {
  const e = JSON.parse(message.data);
  if (e.type === "sms_in") say("in", e.from, e.text, e.at);
  else if (e.type === "sms_out") say("out", e.to, e.text, e.at);
  else if (e.type === "ticket") {
    const img = document.createElement("img");
    // The printer writes the PNG a moment after the bytes: try again briefly.
    let tries = 0;
    img.onerror = () => {
      if (tries++ < 10) setTimeout(() => (img.src = `${e.image}?t=${tries}`), 300);
    };
    img.src = e.image;
    img.alt = `Phiếu số ${e.label}`;
    $("tickets").prepend(img);
    while ($("tickets").children.length > 12) $("tickets").lastChild.remove();
  } else if (e.type === "kiosk") {
    $("kiosk-message").textContent = e.message ?? `Máy lấy số: ${e.outcome}`;
  } else if (e.type === "rating") {
    showRatingLight(e.counter, e.light, e.meaning);
  } else if (e.type === "counter") {
    if (e.rating) showRatingLight(e.counter, e.rating);
    const led = $(`led-${e.counter}`);
    if (!led) return;
    led.className = `led ${!e.reachable ? "offline" : e.status === "paused" ? "paused" : e.serving ? "serving" : ""}`;
    $(`serving-${e.counter}`).textContent = e.status === "paused" ? "Tạm dừng" : (e.serving ?? "—");
  }
};
