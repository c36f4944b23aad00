import "@fontsource/be-vietnam-pro/500.css";
import "@fontsource/be-vietnam-pro/700.css";
import "@fontsource/be-vietnam-pro/800.css";
import "./style.css";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { PageConfig } from "../src/page-config";
import { type Announcement, Announcer } from "./announcer";
import { App } from "./app";
import { connectHub } from "./hub";
import { initialModel, type Message, type Model, update } from "./model";

/** What tests and the bench read (`window.__motcua`): bounded, like everything else. */
interface TestHook {
  model(): Model;
  announcements: (Announcement & { start: number; end?: number; chime?: boolean; voice?: boolean })[];
}

declare global {
  interface Window {
    __motcua?: TestHook;
  }
}

const HOOK_ANNOUNCEMENTS = 50;
/** A silent announcement (no sound at all) still flashes its counter this long. */
const MIN_FLASH_MS = 3000;

type Layout = "landscape" | "portrait";

function layoutOf(): { layout: Layout; follow: boolean } {
  const asked = new URLSearchParams(location.search).get("layout");
  if (asked === "portrait" || asked === "landscape") return { layout: asked, follow: false };
  return { layout: matchMedia("(orientation: portrait)").matches ? "portrait" : "landscape", follow: true };
}

class Store {
  model = initialModel();
  announcing: string | undefined;
  private readonly listeners = new Set<() => void>();
  constructor(private readonly config: PageConfig) {}
  dispatch(message: Message) {
    this.model = update(this.model, message, { recentCalls: this.config.recentCalls }, Date.now());
    this.notify();
  }
  setAnnouncing(counter: string | undefined) {
    this.announcing = counter;
    this.notify();
  }
  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  private notify() {
    for (const l of this.listeners) l();
  }
}

function Root({ config, store }: { config: PageConfig; store: Store }) {
  const [, setVersion] = useState(0);
  const [{ layout, follow }, setLayout] = useState(layoutOf);
  useEffect(() => store.subscribe(() => setVersion((v) => v + 1)), [store]);
  useEffect(() => {
    if (!follow) return;
    const query = matchMedia("(orientation: portrait)");
    const change = () => setLayout({ layout: query.matches ? "portrait" : "landscape", follow });
    query.addEventListener("change", change);
    return () => query.removeEventListener("change", change);
  }, [follow]);
  return <App config={config} model={store.model} layout={layout} announcing={store.announcing} />;
}

async function loadConfig(): Promise<PageConfig> {
  for (;;) {
    try {
      const res = await fetch("/config.json", { cache: "no-store" });
      if (res.ok) return (await res.json()) as PageConfig;
    } catch {
      // The display server is starting: try again.
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function start() {
  const config = await loadConfig();
  document.title = `${config.office.name} – Màn hình gọi số`;
  const store = new Store(config);
  const hook: TestHook = { model: () => store.model, announcements: [] };
  window.__motcua = hook;

  let flashUntil = 0;
  let seq = 0;
  const announcer = new Announcer({
    voice: config.voice,
    chime: config.chime,
    onStart(a) {
      seq++;
      flashUntil = Date.now() + MIN_FLASH_MS;
      store.setAnnouncing(a.counter);
      hook.announcements.push({ ...a, start: performance.now() });
      if (hook.announcements.length > HOOK_ANNOUNCEMENTS) hook.announcements.shift();
    },
    onEnd(a, played) {
      const entry = hook.announcements.findLast((e) => e.counter === a.counter && e.label === a.label);
      if (entry) Object.assign(entry, { end: performance.now(), ...played });
      const rest = flashUntil - Date.now();
      const mine = seq;
      if (rest > 0) setTimeout(() => mine === seq && store.setAnnouncing(undefined), rest);
      else store.setAnnouncing(undefined);
    },
  });

  connectHub(config, (message) => {
    store.dispatch(message);
    if (message.kind === "call")
      announcer.announce({
        counter: message.call.counter,
        label: message.call.label,
        repeat: message.call.repeat,
      });
  });
  render(<Root config={config} store={store} />, document.getElementById("app") as HTMLElement);
}

void start();
