import type { ComponentType } from 'react';
import type { Destination, FieldViolation } from '../api/model';

export type DestinationType = Destination['type'];
export type DestinationOf<T extends DestinationType> = Extract<Destination, { type: T }>;

/** What the wizard sees of the destination's violations and what its fields change. */
export interface DestinationFieldsProps<D extends Destination> {
  value: D;
  onChange: (value: D) => void;
  /** The server's violations of the destination step, e.g. to open an advanced section that holds one. */
  violations: FieldViolation[];
}

/**
 * Everything the console does that depends on the kind of destination, for one kind: one folder under
 * {@code src/destinations} each, listed once in {@code index.ts}. The types and the values the fields offer come from
 * the control plane's OpenAPI document (generated), like the rest of the console's REST types.
 */
export interface DestinationUi<T extends DestinationType> {
  type: T;
  /** The wizard's starting values. */
  empty: () => DestinationOf<T>;
  /** The wizard's fields for it (step 3). */
  Fields: ComponentType<DestinationFieldsProps<DestinationOf<T>>>;
  /** What the wizard sends: only the fields that apply, so a hidden leftover never trips a rule. */
  definition: (draft: DestinationOf<T>) => DestinationOf<T>;
  /** Whether the data preview offers a choice of partitions. */
  partitionedPreview: boolean;
}
