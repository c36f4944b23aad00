import { TestClient, TestHub } from "@motcua/hub/testing";

/*
 * The kiosk's own test helpers, on the shared test hub (@motcua/hub/testing).
 */

/** The walk-in hours of the example office: a Wednesday morning (24/11 is a holiday). */
export const OPEN_MORNING = "2026-11-25T07:31:00+07:00";

/** A real hub in this process, its clock in the walk-in hours unless `now` says otherwise. */
export function hubFor(options: { now?: string } = {}): Promise<TestHub> {
  return TestHub.start({ now: options.now ?? OPEN_MORNING });
}

/** A client of the office that records everything it receives on `filter` (the office's view). */
export async function watch(url: string, filter: string): Promise<TestClient> {
  const client = await TestClient.connect(url);
  await client.subscribe(filter);
  return client;
}
