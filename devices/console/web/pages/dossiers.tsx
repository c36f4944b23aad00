import type { Account } from "../api";
import { Loading } from "../ui";
import { type DossierFeed, type DossierPagePath, mayOpen } from "./dossier-common";
import { DossierDetailPage } from "./dossier-detail";
import { MyDossiersPage } from "./dossier-mine";
import { OfficeDossiersPage } from "./dossier-office";
import { ReceptionPage } from "./dossier-reception";
import { ReportsPage } from "./dossier-reports";

export { DOSSIER_PAGES, type DossierFeed, mayOpen, useDossierFeed } from "./dossier-common";

/** One of the dossier pages, once the account's officer is known; a page it may not open says so. */
export function DossierPage({
  path,
  account,
  feed,
}: {
  path: DossierPagePath;
  account: Account;
  feed: DossierFeed;
}) {
  if (feed.officer === undefined && path !== "ho-so" && path !== "bao-cao") return <Loading />;
  if (!mayOpen(path, account, feed.officer))
    return (
      <p class="banner error" role="alert" data-testid="forbidden">
        {feed.officer === null && (path === "tiep-nhan" || path === "ho-so-cua-toi")
          ? "Tài khoản này không gắn với cán bộ xử lý hồ sơ nào (tên đăng nhập phải trùng mã cán bộ trong cấu hình)."
          : "Tài khoản của bạn không có quyền xem trang này."}
      </p>
    );
  switch (path) {
    case "tiep-nhan":
      return <ReceptionPage account={account} feed={feed} />;
    case "ho-so-cua-toi":
      return <MyDossiersPage feed={feed} />;
    case "ho-so":
      return <OfficeDossiersPage feed={feed} />;
    case "bao-cao":
      return <ReportsPage />;
    case "ho-so-chi-tiet":
      return <DossierDetailPage account={account} feed={feed} />;
  }
}
