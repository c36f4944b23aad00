/**
 * Announces calls one after the other — a chime, then the voice — so two never overlap.
 * Two audio elements live as long as the page (never one per call), and every listener of a
 * playback is removed when it ends, so a day of calls leaves nothing behind.
 */
import { VOICE_PATHS } from "../src/page-config";

export interface Announcement {
  counter: string;
  label: string;
  repeat: boolean;
}

export interface AnnouncerOptions {
  voice: boolean;
  chime: boolean;
  /** Pending announcements kept at most; the oldest are dropped (their numbers are on the wall). */
  maxPending?: number;
  onStart(a: Announcement): void;
  onEnd(a: Announcement, played: { chime: boolean; voice: boolean }): void;
}

/** A playback that has not ended by then is cut: a stuck audio device cannot stop the queue. */
const MAX_CLIP_MS = 12_000;
/** When a clip cannot play (no audio output, autoplay refused), the flash still lasts this long. */
const SILENT_CLIP_MS = 1500;
const GAP_MS = 400;

export class Announcer {
  private readonly pending: Announcement[] = [];
  private busy = false;
  private readonly chimeEl: HTMLAudioElement;
  private readonly voiceEl: HTMLAudioElement;
  private warned = false;

  constructor(private readonly options: AnnouncerOptions) {
    this.chimeEl = new Audio(VOICE_PATHS.chime);
    this.chimeEl.preload = "auto";
    this.voiceEl = new Audio();
    this.voiceEl.preload = "auto";
  }

  get queued(): number {
    return this.pending.length;
  }

  announce(a: Announcement): void {
    this.pending.push(a);
    while (this.pending.length > (this.options.maxPending ?? 6)) this.pending.shift();
    if (!this.busy) void this.run();
  }

  private async run(): Promise<void> {
    this.busy = true;
    try {
      for (let a = this.pending.shift(); a !== undefined; a = this.pending.shift()) {
        this.options.onStart(a);
        const played = { chime: false, voice: false };
        if (this.options.chime) played.chime = await this.play(this.chimeEl);
        if (this.options.voice) {
          const src = `${VOICE_PATHS.call}?${new URLSearchParams({ label: a.label, counter: a.counter })}`;
          this.voiceEl.src = src;
          played.voice = await this.play(this.voiceEl);
        }
        if (!played.chime && !played.voice) await sleep(SILENT_CLIP_MS);
        this.options.onEnd(a, played);
        await sleep(GAP_MS);
      }
    } finally {
      this.busy = false;
    }
  }

  /** Plays an element from its start; true when it played to its end. */
  private play(el: HTMLAudioElement): Promise<boolean> {
    return new Promise((resolve) => {
      const listeners = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (ended: boolean) => {
        listeners.abort();
        clearTimeout(timer);
        resolve(ended);
      };
      el.addEventListener("ended", () => done(true), { signal: listeners.signal });
      el.addEventListener("error", () => done(false), { signal: listeners.signal });
      timer = setTimeout(() => {
        el.pause();
        done(false);
      }, MAX_CLIP_MS);
      el.currentTime = 0;
      el.play().catch((error: Error) => {
        if (!this.warned) {
          this.warned = true;
          // A kiosk Chromium needs --autoplay-policy=no-user-gesture-required (README).
          console.warn(`motcua: cannot play the announcement: ${error.message}`);
        }
        done(false);
      });
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
