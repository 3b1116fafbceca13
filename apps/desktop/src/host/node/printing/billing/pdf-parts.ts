import type { Content, ContentTable, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { PrintContext } from '../../../../shared/printing/documents.js';

// What the cashier's pages share: the hospital's header (with its logo when one is set), a
// labelled value, money columns aligned right, and a table whose head repeats on every page.

export const MM = 72 / 25.4;
export type Margins = [number, number, number, number];

export const PAGE_SIZES = { A4: { width: 595.28, height: 841.89 }, A5: { width: 419.53, height: 595.28 }, A6: { width: 297.64, height: 419.53 } } as const;
export type PageSize = keyof typeof PAGE_SIZES;

export const styles: TDocumentDefinitions['styles'] = {
  hospital: { fontSize: 14, bold: true },
  address: { fontSize: 8, color: '#444444' },
  title: { fontSize: 12, bold: true, margin: [0, 4, 0, 0] },
  name: { fontSize: 11.5, bold: true },
  label: { fontSize: 7.5, color: '#555555' },
  head: { fontSize: 7.5, color: '#555555', bold: true },
  group: { fontSize: 8.5, bold: true, margin: [0, 3, 0, 0] },
  small: { fontSize: 7.5, color: '#555555' },
  total: { bold: true },
};

/** A thin rule `width` points wide. A new object each time: pdfmake writes layout state into nodes. */
export function rule(width: number): Content {
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.6, lineColor: '#888888' }], margin: [0, 5, 0, 5] };
}

export function labelled(label: string, value: string, bold = false): Content {
  return { text: [{ text: `${label}  `, style: 'label' }, { text: value, bold }] };
}

/** Hospital name and address, the logo to their left when set, the title under them. */
export function pageHeader(context: PrintContext, title: string, logo: string | undefined, width: number, titleColor = 'black'): Content[] {
  const words: Content[] = [
    { text: context.hospitalName, style: 'hospital' },
    ...(context.hospitalAddress === undefined ? [] : [{ text: context.hospitalAddress, style: 'address' }]),
    { text: title, style: 'title', color: titleColor },
  ];
  return [
    logo === undefined
      ? { stack: words, alignment: 'center' }
      : { columns: [{ image: logo, fit: [52, 52], width: 56 }, { stack: words, width: '*' }], columnGap: 10 },
    rule(width),
  ];
}

/** A right-aligned money cell. */
export function moneyCell(text: string, bold = false): TableCell {
  return { text, alignment: 'right', bold, noWrap: true };
}

export function headCell(text: string, right = false): TableCell {
  return { text, style: 'head', ...(right ? { alignment: 'right' as const } : {}) };
}

/** Rules under the head and above marked rows only; tight padding. */
export function tableLayout(ruledRows: ReadonlySet<number> = new Set()): CustomTableLayout {
  return {
    hLineWidth: (index) => (index === 1 || ruledRows.has(index) ? 0.5 : 0),
    vLineWidth: () => 0,
    hLineColor: () => '#999999',
    paddingLeft: () => 2,
    paddingRight: () => 2,
    paddingTop: () => 1.5,
    paddingBottom: () => 1.5,
  };
}

/** A table whose head repeats on each page it runs onto, rows never split across pages. */
export function table(widths: Array<number | '*' | 'auto'>, head: TableCell[], rows: TableCell[][], ruledRows?: ReadonlySet<number>): ContentTable {
  return { table: { headerRows: 1, dontBreakRows: true, widths, body: [head, ...rows] }, layout: tableLayout(ruledRows), fontSize: 8.5 };
}

/** A label-value list of totals at the right of the page. */
export function totalsBlock(rows: Array<{ label: string; value: string; bold?: boolean }>): Content {
  return {
    columns: [
      { width: '*', text: '' },
      {
        width: 'auto',
        table: { widths: ['auto', 90], body: rows.map((row) => [{ text: row.label, bold: row.bold ?? false }, moneyCell(row.value, row.bold ?? false)]) },
        layout: { ...tableLayout(), hLineWidth: (index: number, node: ContentTable) => (index === node.table.body.length - 1 ? 0.6 : 0) },
      },
    ],
    margin: [0, 6, 0, 0],
  };
}

/** A page definition: margins, Roboto, the footer on every page naming the document and its page. */
export function pageDefinition(size: PageSize, margins: Margins, title: string, footer: (current: number, count: number) => string, content: Content[]): TDocumentDefinitions {
  return {
    pageSize: size,
    pageMargins: margins,
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.12 },
    styles,
    info: { title, creator: 'HMS', producer: 'HMS' },
    footer: (current, count) => ({ text: footer(current, count), style: 'small', alignment: 'center', margin: [margins[0], 4 * MM, margins[2], 0] }),
    content,
  };
}

/** The usable width of a page between its side margins. */
export function contentWidth(size: PageSize, margins: Margins): number {
  return PAGE_SIZES[size].width - margins[0] - margins[2];
}
