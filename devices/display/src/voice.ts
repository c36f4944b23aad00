import { spawn } from "node:child_process";
import type { Logger } from "@motcua/log";
import type { VoiceSettings } from "./settings.js";
import { callSentence } from "./speech.js";

/** Clips kept in memory (about 150 KB each): a day's recalls and the last calls of each counter. */
const CACHE_CLIPS = 64;
/** espeak-ng processes at once; more requests wait their turn. */
const MAX_RUNNING = 2;
const SYNTH_TIMEOUT_MS = 10_000;

export class VoiceError extends Error {
  constructor(
    message: string,
    readonly code: "missing" | "failed" | "timeout",
  ) {
    super(message);
    this.name = "VoiceError";
  }
}

/**
 * The office's voice: espeak-ng run on the display's own machine on demand, each clip
 * (a WAV) kept in a small cache, since the same call is often made again (a recall).
 */
export class Voice {
  private readonly cache = new Map<string, Promise<Buffer>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  private constructor(
    readonly settings: VoiceSettings,
    /** false when espeak-ng (or its voice) is missing, or the voice is turned off. */
    readonly available: boolean,
  ) {}

  /** Checks that espeak-ng speaks with the configured voice; logs a warning when it does not. */
  static async open(settings: VoiceSettings, log: Logger): Promise<Voice> {
    if (!settings.enabled) {
      log.info("the voice is turned off (display.voice.enabled): calls are announced with the chime only");
      return new Voice(settings, false);
    }
    try {
      await synthesize(settings, "một");
      return new Voice(settings, true);
    } catch (error) {
      log.warn(
        { program: settings.program, voice: settings.espeakVoice, err: (error as Error).message },
        "espeak-ng cannot speak here (install it: apt-get install espeak-ng): calls are shown and announced with the chime only",
      );
      return new Voice(settings, false);
    }
  }

  /** The clip of a call; a failed synthesis is not kept, so it is tried again next time. */
  call(label: string, counter: string): Promise<Buffer> {
    if (!this.available) return Promise.reject(new VoiceError("no voice on this display", "missing"));
    const text = callSentence(label, counter, this.settings);
    const cached = this.cache.get(text);
    if (cached) {
      // Most recently used last: the Map's order is the eviction order.
      this.cache.delete(text);
      this.cache.set(text, cached);
      return cached;
    }
    const clip = this.limited(() => synthesize(this.settings, text));
    this.cache.set(text, clip);
    clip.catch(() => {
      if (this.cache.get(text) === clip) this.cache.delete(text);
    });
    while (this.cache.size > CACHE_CLIPS) this.cache.delete(this.cache.keys().next().value as string);
    return clip;
  }

  private async limited<T>(job: () => Promise<T>): Promise<T> {
    while (this.running >= MAX_RUNNING) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await job();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** Runs espeak-ng once: the text on standard input, a WAV on standard output. */
export function synthesize(settings: VoiceSettings, text: string): Promise<Buffer> {
  const args = [
    "-v",
    settings.espeakVoice,
    "-s",
    String(settings.speed),
    "-p",
    String(settings.pitch),
    "-a",
    String(settings.amplitude),
    "-g",
    String(settings.wordGap),
    "--stdout",
    "--stdin",
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(settings.program, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new VoiceError(`espeak-ng took more than ${SYNTH_TIMEOUT_MS} ms`, "timeout"));
    }, SYNTH_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      if (err.length < 1000) err += chunk.toString("utf8");
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new VoiceError(
          error.code === "ENOENT" ? `${settings.program} is not installed` : error.message,
          error.code === "ENOENT" ? "missing" : "failed",
        ),
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const wav = Buffer.concat(out);
      if (code !== 0 || wav.length <= 44 || wav.toString("ascii", 0, 4) !== "RIFF")
        reject(new VoiceError(`espeak-ng failed (exit ${code}): ${err.trim().slice(0, 300)}`, "failed"));
      else resolve(fixWavSizes(wav));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(text, "utf8");
  });
}

/**
 * espeak-ng writing to a pipe cannot go back to fill in the sizes of its WAV header, and
 * leaves 0x7fff…: some players then wait for data that never comes. Sets the real sizes.
 */
export function fixWavSizes(wav: Buffer): Buffer {
  wav.writeUInt32LE(wav.length - 8, 4);
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString("ascii", offset, offset + 4);
    if (id === "data") {
      wav.writeUInt32LE(wav.length - offset - 8, offset + 4);
      break;
    }
    offset += 8 + wav.readUInt32LE(offset + 4);
  }
  return wav;
}

/** A WAV (16-bit mono PCM) of the given samples in -1…1. */
export function wavOf(samples: Float32Array, rate: number): Buffer {
  const wav = Buffer.alloc(44 + samples.length * 2);
  wav.write("RIFF", 0, "ascii");
  wav.writeUInt32LE(wav.length - 8, 4);
  wav.write("WAVEfmt ", 8, "ascii");
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36, "ascii");
  wav.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] as number));
    wav.writeInt16LE(Math.round(s * 32767), 44 + i * 2);
  }
  return wav;
}

/**
 * The chime before each call: two bell tones a sixth apart ("ding–dong"), made here rather
 * than shipped, so nothing but code is in the repository.
 */
export function chimeWav(rate = 22_050): Buffer {
  const notes = [
    { at: 0, freq: 784, length: 0.9 }, // G5
    { at: 0.45, freq: 622.25, length: 1.2 }, // D♯5
  ];
  const total = Math.ceil(rate * 1.7);
  const samples = new Float32Array(total);
  for (const note of notes) {
    const start = Math.round(note.at * rate);
    const n = Math.round(note.length * rate);
    for (let i = 0; i < n && start + i < total; i++) {
      const t = i / rate;
      const attack = Math.min(1, t / 0.008);
      const envelope = attack * Math.exp(-t * 4.2);
      const tone =
        Math.sin(2 * Math.PI * note.freq * t) +
        0.35 * Math.sin(2 * Math.PI * note.freq * 2 * t) * Math.exp(-t * 6) +
        0.12 * Math.sin(2 * Math.PI * note.freq * 3.01 * t) * Math.exp(-t * 9);
      samples[start + i] = (samples[start + i] as number) + 0.32 * envelope * tone;
    }
  }
  return wavOf(samples, rate);
}
