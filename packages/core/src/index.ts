export { addDays, OfficeCalendar, type SessionWindow } from "./calendar.js";
export { CodeGenerator } from "./codes.js";
export {
  type BreakKind,
  type BrokenBooking,
  configCancelledText,
  configImpact,
  type ReadConfig,
  readConfig,
} from "./config-change.js";
export { type ConfigVersion, CoreInputError, type CoreOptions, type Decision, QueueCore } from "./core.js";
export { appointmentCap, firstFreeSlot, sessionCapacity } from "./grid.js";
export {
  dueReminders,
  nextReminderAt,
  REMINDER_GAP_AFTER_BOOKING_MINUTES,
  type Reminder,
} from "./reminders.js";
export { isGsm7, replyAddress, senderKey, smsSegments } from "./sms/codec.js";
export { resolveDate } from "./sms/dates.js";
export { fold, tokenize } from "./sms/fold.js";
export { CODE_ALPHABET, type Command, ProcedureIndex, parseLabel, parseMessage } from "./sms/grammar.js";
export { type BookingFacts, displayDate, plainText, Replies } from "./sms/replies.js";
export type { Appointment, PhoneRecord, WalkIn, WalkInStatus } from "./state.js";
export { ticketRefusalText, workingHours } from "./texts.js";
