import type { Destination } from '../api/model';
import { maxCompute } from './maxcompute';
import { tablestore } from './tablestore';
import type { DestinationOf, DestinationType, DestinationUi } from './types';

export type { DestinationFieldsProps, DestinationOf, DestinationType, DestinationUi } from './types';

/**
 * The destinations the console offers, in the order the wizard lists them: adding one is a folder beside these and a
 * line here. The record's keys are checked against the generated {@code Destination} type, so a destination the
 * control plane adds or removes breaks the console's build until it is listed here.
 */
const BY_TYPE: { [T in DestinationType]: DestinationUi<T> } = {
  MAXCOMPUTE: maxCompute,
  TABLESTORE: tablestore,
};

export const DESTINATION_TYPES = Object.keys(BY_TYPE) as DestinationType[];

/** The destination's console support; the wizard and the detail pages never switch on the type themselves. */
export function destinationUi<T extends DestinationType>(type: T): DestinationUi<T> {
  return BY_TYPE[type];
}

/** One draft per destination type, so switching back and forth in the wizard keeps what was typed. */
export type DestinationDrafts = { [T in DestinationType]: DestinationOf<T> };

export function emptyDestinations(): DestinationDrafts {
  return Object.fromEntries(DESTINATION_TYPES.map((type) => [type, BY_TYPE[type].empty()])) as DestinationDrafts;
}

/** The definition of the chosen destination, as the wizard sends it. */
export function destinationDefinition(type: DestinationType, drafts: DestinationDrafts): Destination {
  const ui = BY_TYPE[type] as DestinationUi<DestinationType>;
  return ui.definition(drafts[type]);
}
