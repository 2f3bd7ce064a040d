// Only the newest answer is shown: a form that may be sent again before its answer arrives (a
// changed date, a second click) takes a ticket per request, and an answer whose ticket is no
// longer the latest is dropped, so a slow first answer never replaces the answer to a newer request.
import { showError } from "./render";

export function latestOnly(): () => () => boolean {
  let newest = 0;
  return () => {
    const mine = ++newest;
    return () => mine === newest;
  };
}

// Shows in `out` what `load` answers, unless a newer request was made meanwhile (`current()` is
// false then); an error clears `out` and goes to `errorBox`. `out` is busy (aria-busy) meanwhile.
export async function showLatest<T>(out: HTMLElement, errorBox: HTMLElement, current: () => boolean,
                                    load: () => Promise<T>, render: (answer: T) => Node): Promise<void> {
  out.setAttribute("aria-busy", "true");
  try {
    const answer = await load();
    if (!current()) return;
    out.replaceChildren(render(answer));
  } catch (e) {
    if (!current()) return;
    out.replaceChildren();
    showError(errorBox, e);
  } finally {
    if (current()) out.removeAttribute("aria-busy");
  }
}
