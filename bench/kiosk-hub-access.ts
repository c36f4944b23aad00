/**
 * Preloaded into the benchmark's hub process (`node --import`): lets a kiosk publish its
 * `kiosk/{k}/health` and `kiosk/{k}/void` notices, which today's hub access list refuses
 * (reported with the kiosk). The same single rule as the kiosk tests' hub.
 */
import { allowKioskNotices } from "../devices/kiosk/test/helpers.js";

allowKioskNotices();
