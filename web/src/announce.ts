// What a screen reader hears: each view has one visually hidden live region (#VIEW-status,
// role=status, polite) and nothing else of the view is marked aria-live, so an answer is announced
// as a short summary ("3 hits, 1 in the block band") instead of the whole result being read out.
// Errors stay in their own role=alert boxes. The same text set twice is announced twice (the
// region is emptied first and filled a moment later).

export function announce(view: string, text: string): void {
  const region = document.querySelector<HTMLElement>(`#${view}-status`);
  if (!region) return;
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 30);
}

// "1 hit" / "3 hits".
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
