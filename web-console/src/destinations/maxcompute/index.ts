import type { DestinationUi } from '../types';
import { MaxComputeFields } from './MaxComputeFields';
import { emptyMaxCompute, maxComputeDefinition } from './rules';

/** A MaxCompute table (seeds 000 and 001). */
export const maxCompute: DestinationUi<'MAXCOMPUTE'> = {
  type: 'MAXCOMPUTE',
  empty: emptyMaxCompute,
  Fields: MaxComputeFields,
  definition: maxComputeDefinition,
  partitionedPreview: true,
};
