import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Account } from "../api";
import { Loading } from "../ui";

// "Thống kê" is loaded when it is first opened: its page, report and charts (uPlot) are chunks
// of their own, so the other pages' script stays as small as it was.

type View = FunctionComponent<{ account: Account }>;
let loaded: View | undefined;

export function StatsPage({ account }: { account: Account }) {
  const [View, setView] = useState<View | undefined>(() => loaded);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (View) return;
    import("./stats-view")
      .then((m) => {
        loaded = m.StatsView;
        setView(() => m.StatsView);
      })
      .catch(() => setError("Không tải được trang Thống kê. Kiểm tra mạng rồi tải lại trang."));
  }, [View]);
  return View ? <View account={account} /> : <Loading error={error} />;
}
