import { Combobox, Field, Option } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { HostError, HostResult } from '../../../shared/result.js';
import { describeError } from '../../state/errors.js';

export interface PickerOption<T> {
  key: string;
  /** What the option reads as (and what the box shows while it is highlighted). */
  text: string;
  /** A second line under it. */
  detail?: string;
  value: T;
}

/**
 * A search box that lists what the server finds as the person types: arrows move, Enter picks,
 * and the box empties for the next search. The caller says how to search and what a pick does.
 */
export function SearchPicker<T>({ label, placeholder, search, toOptions, onPick, disabled = false, minLength = 2, hint }: {
  label: string;
  placeholder?: string;
  search: (query: string) => Promise<HostResult<T[]>>;
  toOptions: (items: T[]) => PickerOption<T>[];
  onPick: (item: T) => void;
  disabled?: boolean;
  minLength?: number;
  hint?: string;
}) {
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<PickerOption<T>[]>([]);
  const [error, setError] = useState<HostError | undefined>();
  const [searching, setSearching] = useState(false);
  const [open, setOpen] = useState(false);
  const serial = useRef(0);
  useEffect(() => {
    const text = query.trim();
    if (text.length < minLength) {
      setOptions([]);
      return undefined;
    }
    const mine = ++serial.current;
    const timer = window.setTimeout(() => {
      setSearching(true);
      void search(text).then((result) => {
        if (mine !== serial.current) return;
        setSearching(false);
        setError(result.ok ? undefined : result.error);
        const found = result.ok ? toOptions(result.value) : [];
        setOptions(found);
        setOpen(found.length > 0);
      });
    }, 150);
    return () => window.clearTimeout(timer);
  }, [query]);
  const empty = query.trim().length >= minLength && !searching && error === undefined && options.length === 0;
  return (
    <Field
      label={label}
      validationState={error === undefined ? 'none' : 'error'}
      validationMessage={error === undefined ? (empty ? 'Nothing found.' : undefined) : describeError(error).message}
      hint={hint}
    >
      <Combobox
        freeform
        disabled={disabled}
        placeholder={placeholder}
        value={query}
        open={open && options.length > 0}
        onOpenChange={(_, data) => setOpen(data.open)}
        onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
        onOptionSelect={(_, data) => {
          const picked = options.find((option) => option.key === data.optionValue);
          if (picked === undefined) return;
          onPick(picked.value);
          setQuery('');
          setOptions([]);
          setOpen(false);
        }}
      >
        {options.map((option) => (
          <Option key={option.key} value={option.key} text={option.text}>
            <span style={{ display: 'flex', flexDirection: 'column' }}>
              <span>{option.text}</span>
              {option.detail === undefined ? null : <span style={{ fontSize: '12px', opacity: 0.75 }}>{option.detail}</span>}
            </span>
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}
