// The user's API token for this tab: kept in sessionStorage only (gone with the tab, never in
// localStorage or a cookie), shared by every form that needs one (shipments, what-if).
const kTokenKey = "exportctl.officer-token";

export const sessionToken = {
  get: (): string => sessionStorage.getItem(kTokenKey) ?? "",
  set: (token: string): void => sessionStorage.setItem(kTokenKey, token),
  forget: (): void => sessionStorage.removeItem(kTokenKey),
};
