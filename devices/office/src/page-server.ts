import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { OfficeConfig } from "@motcua/config";
import { buttonFor, type CounterKey, type RunningCounter } from "@motcua/counter";
import type { SimGpio } from "@motcua/gpio";
import type { RunningKiosk } from "@motcua/kiosk";
import type { Logger } from "@motcua/log";
import type { ModemSimulator } from "@motcua/modem-sim";
import type { FilePrinter } from "@motcua/printer";
import { RATING_KEYS, type RatingKey, type RunningRating } from "@motcua/rating";

const PAGE_DIR = fileURLToPath(new URL("../page/", import.meta.url));
const MAX_BODY = 4096;
/**
 * The pad's keys with the names docs/operating.md gives them, in the pad's order; the page
 * draws its buttons from this list. `pause` toggles, as on the pad: it opens a paused counter.
 */
export const PAD_KEYS: readonly { key: CounterKey; label: string }[] = [
  { key: "next", label: "Gọi số tiếp" },
  { key: "recall", label: "Gọi lại" },
  { key: "skip", label: "Bỏ qua" },
  { key: "pause", label: "Tạm dừng" },
];
const KEYS = new Set<string>(PAD_KEYS.map((k) => k.key));
/** The rating pad's keys with the words docs/operating.md gives them, in the pad's order. */
export const RATING_PAD_KEYS: readonly { key: RatingKey; label: string }[] = [
  { key: "very_satisfied", label: "Rất hài lòng" },
  { key: "satisfied", label: "Hài lòng" },
  { key: "unsatisfied", label: "Không hài lòng" },
];

export interface OfficePageOptions {
  port: number;
  config: OfficeConfig;
  simulator: ModemSimulator;
  counters: Map<string, { pad: RunningCounter; gpio: SimGpio }>;
  /** Each counter's rating pad (absent: the page shows none). */
  ratings?: Map<string, { pad: RunningRating; gpio: SimGpio }>;
  kiosk: RunningKiosk;
  printer: FilePrinter;
  displayUrl: string;
  /** The staff console, linked from the page with its demonstration accounts. */
  console?: { url: string; logins: readonly string[]; password: string };
  /** Shown on the page: why the clock did not start at the real time. */
  clockNote?: string;
  log: Logger;
}

export interface RunningOfficePage {
  url: string;
  stop(): Promise<void>;
}

type Event = Record<string, unknown> & { type: string };

/**
 * The office simulator page: a citizen's phone (SMS to the simulated modem and its replies),
 * every counter's buttons and its citizens' rating pad, the kiosk's buttons with each printed ticket as an image, and the
 * wall display beside them. Events reach the page as server-sent events.
 */
export async function startOfficePage(options: OfficePageOptions): Promise<RunningOfficePage> {
  const { config, simulator, counters, kiosk, printer, log } = options;
  const ratings = options.ratings ?? new Map<string, { pad: RunningRating; gpio: SimGpio }>();
  const clients = new Set<ServerResponse>();
  const history: Event[] = [];
  const emit = (event: Event) => {
    history.push(event);
    if (history.length > 200) history.shift();
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const c of clients) c.write(line);
  };

  simulator.modem.on("sent", (m) =>
    emit({ type: "sms_out", to: m.to, text: m.text, at: new Date(m.at).toISOString() }),
  );
  kiosk.onEvent((e) => {
    if (e.type !== "press") return;
    if (e.outcome === "printed" && e.file) {
      emit({
        type: "ticket",
        label: e.label,
        image: `/tickets/${basename(e.file).replace(/\.escpos$/, ".png")}`,
      });
    } else {
      emit({
        type: "kiosk",
        outcome: e.outcome,
        service: e.service,
        ...("message" in e ? { message: e.message } : {}),
      });
    }
  });
  // The thank-you light as the citizen sees it, on every change.
  const unwatchRatings = [...ratings].map(([id, { pad }]) =>
    pad.onLightChange((light, meaning) => emit({ type: "rating", counter: id, light, meaning })),
  );
  const stateTimer = setInterval(() => {
    for (const [id, { pad }] of counters) {
      const s = pad.state;
      emit({
        type: "counter",
        counter: id,
        status: s?.status ?? "unknown",
        serving: s?.serving?.label ?? null,
        reachable: pad.reachable,
        ...(ratings.has(id) ? { rating: ratings.get(id)?.pad.light } : {}),
      });
    }
  }, 1000);
  stateTimer.unref();

  const bootstrap = {
    office: config.office.name,
    displayUrl: options.displayUrl,
    console: options.console ?? null,
    clockNote: options.clockNote ?? null,
    keys: PAD_KEYS,
    ratingKeys: ratings.size > 0 ? RATING_PAD_KEYS : [],
    counters: config.counters.map((c) => ({
      id: c.id,
      name: c.name ?? `Quầy ${c.id}`,
      services: config.services.filter((s) => s.counters.includes(c.id)).map((s) => s.code),
    })),
    services: config.services.map((s) => ({ code: s.code, name: s.name })),
    procedures: config.procedures.map((p) => ({ code: p.code, name: p.name })),
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.warn({ err: String(error), url: req.url }, "office page request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && (url.pathname === "/" || url.pathname === "/index.html")) {
      return send(res, 200, "text/html; charset=utf-8", await readFile(join(PAGE_DIR, "index.html")));
    }
    if (req.method === "GET" && url.pathname === "/office.js") {
      return send(res, 200, "text/javascript; charset=utf-8", await readFile(join(PAGE_DIR, "office.js")));
    }
    if (req.method === "GET" && url.pathname === "/office.css") {
      return send(res, 200, "text/css; charset=utf-8", await readFile(join(PAGE_DIR, "office.css")));
    }
    if (req.method === "GET" && url.pathname === "/bootstrap.json") return json(res, 200, bootstrap);
    if (req.method === "GET" && url.pathname === "/events") {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      for (const e of history) res.write(`data: ${JSON.stringify(e)}\n\n`);
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    const ticket = /^\/tickets\/([\w.-]+\.png)$/.exec(url.pathname);
    if (req.method === "GET" && ticket) {
      const image = await readFile(join(printer.dir, ticket[1] as string)).catch(() => undefined);
      return image ? send(res, 200, "image/png", image) : send(res, 404, "text/plain", "no such ticket");
    }
    if (req.method === "POST") {
      const body = await readBody(req);
      if (body === undefined) return json(res, 400, { error: "the body must be a small JSON object" });
      if (url.pathname === "/sms") {
        const from = String(body.from ?? "").trim();
        const text = String(body.text ?? "");
        if (!/^\+?\d{9,12}$/.test(from) || text.length === 0 || text.length > 480) {
          return json(res, 400, { error: "from: a phone number; text: 1–480 characters" });
        }
        const result = simulator.inject({ from, text });
        emit({ type: "sms_in", from, text, at: new Date().toISOString() });
        return json(res, 200, result);
      }
      const press = /^\/counter\/([^/]+)\/press$/.exec(url.pathname);
      if (press) {
        const entry = counters.get(press[1] as string);
        const key = String(body.button ?? "");
        if (!entry || !KEYS.has(key)) return json(res, 404, { error: "no such counter or key" });
        // The pad's own reading of its key: pause, or resume a paused counter.
        const button = buttonFor({ button: key, kind: "short", heldMs: 0 }, entry.pad.state);
        if (button === undefined) return json(res, 404, { error: "no such key" });
        const outcome = await entry.pad.press(button);
        return json(res, 200, outcome);
      }
      const rate = /^\/rating\/([^/]+)\/press$/.exec(url.pathname);
      if (rate) {
        const entry = ratings.get(rate[1] as string);
        const key = String(body.key ?? "");
        if (!entry || !(RATING_KEYS as readonly string[]).includes(key))
          return json(res, 404, { error: "no such rating pad or key" });
        // The pad's own key, as the citizen presses it; ignored while the last answer is shown.
        const outcome = await entry.pad.rate(key as RatingKey);
        return json(res, 200, outcome ?? { ignored: true, light: entry.pad.light });
      }
      if (url.pathname === "/kiosk/press") {
        const service = String(body.service ?? "");
        if (!config.services.some((s) => s.code === service))
          return json(res, 404, { error: "no such service" });
        const outcome = await kiosk.press(service, body.priority === true);
        return json(res, 200, outcome);
      }
    }
    send(res, 404, "text/plain; charset=utf-8", "not found");
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      clearInterval(stateTimer);
      for (const unwatch of unwatchRatings) unwatch();
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "content-type": type }).end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
