import { makeStyles } from '@fluentui/react-components';

/** Money tables size their columns to their contents (Fluent's tables share the width evenly, and amounts kept on one line would overlap). */
export const useTableStyles = makeStyles({
  table: { tableLayout: 'auto' },
});
