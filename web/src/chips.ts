// The chip pickers filled from GET /v1/catalog: the datalist of the classify and check forms
// suggests each chip by its id (the server accepts every id; catalog display names are often
// ambiguous or not names it resolves, e.g. two "NVIDIA H100"), labelled with the chip's name; the
// lab's selects offer every catalog chip, preselecting the one the form asks for.
import type { Classification } from "./api";
import { el } from "./render";

export function fillChipPickers(chips: Classification[]): void {
  const names = new Map<string, number>();
  for (const c of chips) names.set(c.chip.name, (names.get(c.chip.name) ?? 0) + 1);
  // Two chips of one name (an SXM part and its PCIe board) are told apart by their item type.
  const label = (c: Classification) =>
    (names.get(c.chip.name) ?? 0) > 1 && c.chip.item_type ? `${c.chip.name} (${c.chip.item_type})` : c.chip.name;
  document.querySelector("#chip-list")!.replaceChildren(
    ...chips.map((c) => el("option", { value: c.chip.id, label: label(c) })));
  document.querySelectorAll<HTMLSelectElement>("select.catalog-chips").forEach((s) => {
    s.replaceChildren(...chips.map((c) => el("option", { value: c.chip.id }, c.chip.name)));
    s.value = s.getAttribute("data-default") ?? chips[0]?.chip.id ?? "";
  });
}
