import { Combobox, Field, Option } from '@fluentui/react-components';
import { drugDisplayName, mayCall, methods } from '@hms/core';
import { useEffect, useRef, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { describeError } from '../../state/errors.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import type { ItemChoice } from './receipt-draft.js';

/**
 * Chooses the stock item a line receives: the items stocked before (stock.items) and, for whoever
 * may read it, the formulary (drugs.search: a formulary drug's stock item has the drug's id, so a
 * drug never stocked can be received too). Results as the person types, stale answers dropped.
 */
export function ItemPicker({ value, onChange, validationMessage, hint, disabled = false }: {
  value: ItemChoice | undefined;
  onChange(item: ItemChoice | undefined): void;
  validationMessage?: string | undefined;
  hint?: string;
  disabled?: boolean;
}) {
  const { api } = useModel();
  const session = useWorkstation().status?.session;
  const formulary = mayCall(methods['drugs.search'].access, session === undefined || session.state === 'signedOut' ? undefined : session.user.roles);
  const [query, setQuery] = useState(value?.name ?? '');
  const [options, setOptions] = useState<ItemChoice[]>([]);
  const [error, setError] = useState<HostError | undefined>();
  const [open, setOpen] = useState(false);
  /** The text the last answer was for (to say "nothing matches" only for it). */
  const [searched, setSearched] = useState('');
  const serial = useRef(0);

  /** Set while the person's typing cleared the choice, so the box keeps what they type. */
  const typing = useRef(false);
  // The choice set (or cleared) from outside, a line put back or a new pack: the box shows it.
  useEffect(() => {
    if (value === undefined && typing.current) {
      typing.current = false;
      return;
    }
    setQuery(value?.name ?? '');
  }, [value?.id]);

  useEffect(() => {
    const text = query.trim();
    if (text.length < 2 || text === value?.name) {
      setOptions([]);
      return undefined;
    }
    const mine = ++serial.current;
    const timer = window.setTimeout(() => {
      void Promise.all([
        api.call('stock.items', { query: text, limit: 20 }),
        formulary ? api.call('drugs.search', { query: text, limit: 20 }) : Promise.resolve(undefined),
      ]).then(([stocked, drugs]) => {
        if (mine !== serial.current) return;
        const found = new Map<string, ItemChoice>();
        if (stocked.ok) for (const item of stocked.value.items) if (item.active) found.set(item.id, { id: item.id, name: item.name, unit: item.unit });
        if (drugs?.ok === true) for (const drug of drugs.value.items) if (!found.has(drug.id)) found.set(drug.id, { id: drug.id, name: drugDisplayName(drug), unit: drug.form });
        setError(!stocked.ok ? stocked.error : drugs?.ok === false ? drugs.error : undefined);
        setOptions([...found.values()]);
        setOpen(found.size > 0);
        setSearched(text);
      });
    }, 150);
    return () => window.clearTimeout(timer);
  }, [query]);

  const nothing = value === undefined && searched !== '' && searched === query.trim() && options.length === 0 && error === undefined;
  return (
    <Field
      label="Item"
      hint={hint}
      validationState={validationMessage !== undefined || error !== undefined ? 'error' : nothing ? 'warning' : 'none'}
      validationMessage={validationMessage ?? (error !== undefined ? describeError(error).message : nothing ? `No item or formulary product matches "${query.trim()}".` : undefined)}
    >
      <Combobox
        style={{ minWidth: 0 }}
        freeform
        disabled={disabled}
        placeholder={formulary ? 'Search the formulary and stock items' : 'Search the stock items'}
        value={query}
        open={open && options.length > 0}
        onOpenChange={(_, data) => setOpen(data.open)}
        onInput={(event) => {
          setQuery((event.target as HTMLInputElement).value);
          if (value !== undefined) {
            typing.current = true;
            onChange(undefined);
          }
        }}
        onOptionSelect={(_, data) => {
          const picked = options.find((option) => option.id === data.optionValue);
          if (picked === undefined) return;
          onChange(picked);
          setQuery(picked.name);
          setOptions([]);
          setOpen(false);
        }}
        data-testid="receive-item"
      >
        {options.map((option) => (
          <Option key={option.id} value={option.id} text={option.name}>{option.name}</Option>
        ))}
      </Combobox>
    </Field>
  );
}
