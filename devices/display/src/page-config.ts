/**
 * What the display server tells the page (`/config.json`): where the hub is, the office as
 * the configuration names it, and how to show and announce. Shared by the server (which
 * writes it from its flags and the office configuration) and the page (which reads it). It
 * lives in src/ so that the server's compiled dist/ has it too; the page imports it from web/.
 */
export interface PageConfig {
  /** The hub's MQTT-over-WebSocket address, `ws://host:port`. */
  hubUrl: string;
  /** A secured hub's display credential (docs/hub.md), when one was given. */
  username?: string;
  password?: string;
  /** This display's id: its presence is `device/display-{id}/status`. */
  display: string;
  office: { id: string; name: string; timeZone: string };
  counters: { id: string; name: string }[];
  services: { code: string; name: string; counters: string[] }[];
  /** The scrolling line; a retained `motcua/{o}/display/notice` replaces it while set. */
  notice: string;
  /** How many of the last calls are listed. */
  recentCalls: number;
  /** Appointment rows a page; pages turn every `pageSeconds`. */
  appointmentsPerPage: number;
  pageSeconds: number;
  /** Whether the server speaks (`/voice/call.wav`): false when espeak-ng is missing or turned off. */
  voice: boolean;
  /** Whether a chime (`/voice/chime.wav`) comes before the voice. */
  chime: boolean;
}

/** Where the page fetches its announcements. */
export const VOICE_PATHS = {
  chime: "/voice/chime.wav",
  call: "/voice/call.wav",
} as const;
