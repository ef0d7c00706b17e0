import type { ComboboxItem, ComboboxParsedItem, ComboboxParsedItemGroup, OptionsFilter } from '@mantine/core';
import { matchesSearch } from '../../../src/domain/text';

function isGroup(item: ComboboxParsedItem): item is ComboboxParsedItemGroup {
  return 'group' in item;
}

/** Select/MultiSelect filter that ignores Vietnamese diacritics ("so noi vu" finds "Sở Nội vụ"). */
export const foldedFilter: OptionsFilter = ({ options, search, limit }) => {
  const out: ComboboxParsedItem[] = [];
  for (const item of options) {
    if (out.length >= limit) break;
    if (isGroup(item)) {
      const items = item.items.filter((o: ComboboxItem) => matchesSearch(o.label, search));
      if (items.length) out.push({ group: item.group, items });
    } else if (matchesSearch(item.label, search)) {
      out.push(item);
    }
  }
  return out;
};
