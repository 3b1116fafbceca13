// Fixed-width text for a receipt roll: words wrapped to the paper's columns, and a label with
// its value on the right, the value moving under the label when both do not fit on one line.

/** `text` in lines of at most `width` characters, broken between words (a longer word is cut). */
export function wrap(text: string, width: number): string[] {
  if (width < 1) throw new RangeError('a line holds at least one character');
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let current = '';
    for (let word of paragraph.split(/\s+/).filter((part) => part !== '')) {
      while (word.length > width) {
        if (current !== '') lines.push(current);
        current = '';
        lines.push(word.slice(0, width));
        word = word.slice(width);
      }
      if (current === '') current = word;
      else if (current.length + 1 + word.length <= width) current += ` ${word}`;
      else {
        lines.push(current);
        current = word;
      }
    }
    if (current !== '') lines.push(current);
  }
  return lines;
}

/**
 * "Label          value" across `width` columns. When they do not fit together the label has
 * its own line and the value follows, wrapped and right-aligned, so nothing is ever cut off.
 */
export function pairLines(label: string, value: string, width: number): string[] {
  if (label.length + 1 + value.length <= width) return [`${label}${' '.repeat(width - label.length - value.length)}${value}`];
  return [...wrap(label, width), ...wrap(value, width).map((part) => part.padStart(width))];
}
