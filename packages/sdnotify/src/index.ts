export {
  type NotifyFields,
  type NotifyOptions,
  notify,
  notifyReady,
  notifyStatus,
  notifyStopping,
  SYSTEMD_NOTIFY,
  startWatchdog,
  type WatchdogOptions,
  watchdogIntervalMs,
} from "./notify.js";
