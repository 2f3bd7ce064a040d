// Only the newest answer is shown: a form that may be sent again before its answer arrives (a
// changed date, a second click) takes a ticket per request, and an answer whose ticket is no
// longer the latest is dropped, so a slow first answer never replaces the answer to a newer request.
export function latestOnly(): () => () => boolean {
  let newest = 0;
  return () => {
    const mine = ++newest;
    return () => mine === newest;
  };
}
