import type { DestinationUi } from '../types';
import { TablestoreFields } from './TablestoreFields';
import { emptyTablestore, tablestoreDefinition } from './rules';

/** A Tablestore table, wide column or time series (seed 003). */
export const tablestore: DestinationUi<'TABLESTORE'> = {
  type: 'TABLESTORE',
  empty: emptyTablestore,
  Fields: TablestoreFields,
  definition: tablestoreDefinition,
  partitionedPreview: false,
};
