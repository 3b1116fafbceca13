// Code pages an ESC/POS printer selects with ESC t n. A receipt with money on it uses PC858
// (PC850 with the euro sign): it has the Western European accents and € £ ¥ ¢, which PC437
// lacks in part. Letters a page lacks lose their accents; what is left unknown prints as "?".

export interface CodePage {
  /** ESC t n's n (Epson numbering). */
  readonly table: number;
  readonly name: string;
  /** Upper half, bytes 0x80..0xFF, as Unicode characters. */
  readonly high: string;
}

/** The printers' default. */
export const PC437: CodePage = {
  table: 0,
  name: 'PC437',
  high:
    'ÇüéâäàåçêëèïîìÄÅ' + 'ÉæÆôöòûùÿÖÜ¢£¥₧ƒ' + 'áíóúñÑªº¿⌐¬½¼¡«»' + '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
    '└┴┬├─┼╞╟╚╔╩╦╠═╬╧' + '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' + 'αßΓπΣσµτΦΘΩδ∞φε∩' + '≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0',
};

export const PC858: CodePage = {
  table: 19,
  name: 'PC858',
  high:
    'ÇüéâäàåçêëèïîìÄÅ' + 'ÉæÆôöòûùÿÖÜø£Ø×ƒ' + 'áíóúñÑªº¿®¬½¼¡«»' + '░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
    '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤' + 'ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀' + 'ÓßÔÒõÕµþÞÚÛÙýÝ¯´' + '\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0',
};

/** Latin letters that do not decompose into a base letter and an accent. */
const PLAIN: ReadonlyMap<string, string> = new Map([
  ['Ł', 'L'], ['ł', 'l'], ['Ø', 'O'], ['ø', 'o'], ['Đ', 'D'], ['đ', 'd'], ['Œ', 'OE'], ['œ', 'oe'], ['ı', 'i'], ['Þ', 'Th'], ['þ', 'th'],
  ['‘', "'"], ['’', "'"], ['“', '"'], ['”', '"'], ['–', '-'], ['—', '-'],
]);

const tables = new WeakMap<CodePage, ReadonlyMap<string, number>>();

function tableOf(page: CodePage): ReadonlyMap<string, number> {
  let table = tables.get(page);
  if (table === undefined) {
    table = new Map([...page.high].map((char, index) => [char, 0x80 + index]));
    tables.set(page, table);
  }
  return table;
}

/** Whether every character of `text` prints as itself on `page` (a currency symbol, say). */
export function printsOn(page: CodePage, text: string): boolean {
  const table = tableOf(page);
  return [...text.normalize('NFC')].every((char) => (char >= ' ' && char <= '~') || table.has(char));
}

export function encodeOn(page: CodePage, text: string): number[] {
  const table = tableOf(page);
  const bytes: number[] = [];
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (code >= 0x20 && code < 0x7f) {
      bytes.push(code);
      continue;
    }
    const mapped = table.get(char);
    if (mapped !== undefined) {
      bytes.push(mapped);
      continue;
    }
    const plain = PLAIN.get(char) ?? char.normalize('NFD').replace(/\p{M}/gu, '');
    if (plain !== '' && [...plain].every((letter) => table.has(letter) || /^[\x20-\x7e]$/.test(letter))) bytes.push(...encodeOn(page, plain));
    else bytes.push(0x3f);
  }
  return bytes;
}

/** Bytes of `page` back to text: what the paper shows. */
export function decodeOn(page: CodePage, bytes: Iterable<number>): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 ? page.high[byte - 0x80]! : String.fromCharCode(byte);
  return text;
}
