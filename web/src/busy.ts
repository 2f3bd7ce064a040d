// A button's busy state while its request is out: disabled and aria-busy (so a second click does
// nothing and a screen reader says so), restored when the request settles however it ends.
export async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

