import { describe, expect, it } from 'vitest';
import type { TablestoreDestination } from '../api/model';
import { maxComputeFormats } from '../destinations/maxcompute/rules';
import { tablestoreVisibility } from '../destinations/tablestore/rules';
import {
  definitionOf, emptyDraft, errorsByField, nameProblem, stepViolations, stillApplies, valueAt,
} from './rules';

const tablestore = (change: Partial<TablestoreDestination>): TablestoreDestination =>
  ({ ...emptyDraft().destinations.TABLESTORE, ...change });

describe('name rule as the user types', () => {
  it.each([
    ['', 'required'], ['-sink', 'pattern'], ['Sink', 'pattern'], ['a_b', 'pattern'], ['a'.repeat(49), 'length'],
    ['kafka-ts-sink', null], ['0', null], ['a'.repeat(48), null],
  ])('%s → %s', (name, problem) => expect(nameProblem(name)).toBe(problem));
});

describe('MaxCompute format choices', () => {
  it('offers CSV only with mode KEY or VALUE', () => {
    expect(maxComputeFormats('DEFAULT')).toEqual(['TEXT', 'BINARY', 'DEBEZIUM_JSON']);
    expect(maxComputeFormats('KEY')).toContain('CSV');
    expect(maxComputeFormats('VALUE')).toContain('CSV');
  });
});

describe('Tablestore fields that apply', () => {
  it('wide column with kafka keys shows formats and write mode, no columns, no delete mode, no time series', () => {
    const show = tablestoreVisibility(tablestore({ primaryKeyMode: 'KAFKA' }));
    expect(show).toMatchObject({ keyFormat: true, valueFormat: true, jsonConversion: true, writeMode: true,
      primaryKeyColumns: false, deleteMode: false, timeseries: false });
  });
  it('record_key with a JSON key shows the columns editor and the delete mode', () => {
    const show = tablestoreVisibility(tablestore({ primaryKeyMode: 'RECORD_KEY', keyFormat: 'JSON' }));
    expect(show.primaryKeyColumns).toBe(true);
    expect(show.deleteMode).toBe(true);
  });
  it('record_value shows the columns editor only with a JSON value, and never the delete mode', () => {
    expect(tablestoreVisibility(tablestore({ primaryKeyMode: 'RECORD_VALUE', valueFormat: 'JSON' })))
      .toMatchObject({ primaryKeyColumns: true, deleteMode: false });
    expect(tablestoreVisibility(tablestore({ primaryKeyMode: 'RECORD_VALUE', valueFormat: 'STRING' })).primaryKeyColumns).toBe(false);
  });
  it('JSON conversion only when a format is JSON', () => {
    expect(tablestoreVisibility(tablestore({ keyFormat: 'STRING', valueFormat: 'STRING' })).jsonConversion).toBe(false);
    expect(tablestoreVisibility(tablestore({ keyFormat: 'STRING', valueFormat: 'JSON' })).jsonConversion).toBe(true);
  });
  it('time series model shows its fields, field types only when not mapping all fields', () => {
    const model = { model: 'TIMESERIES' as const };
    expect(tablestoreVisibility(tablestore(model))).toMatchObject({ timeseries: true, keyFormat: false, primaryKeyMode: false,
      writeMode: false, fieldTypes: false });
    expect(tablestoreVisibility(tablestore({ ...model, timeseries: { mapAllFields: false } })).fieldTypes).toBe(true);
  });
});

describe('definition sent to the server', () => {
  it('fills the runtime environment from the name unless the user typed a value', () => {
    const draft = { ...emptyDraft(), name: 'orders', runtimeOverrides: { statusTopic: 'my-status' } };
    const source = definitionOf(draft, false).source!;
    expect(source.consumerGroup).toBe('connect-orders');
    expect(source.offsetTopic).toBe('connect-offset-orders');
    expect(source.statusTopic).toBe('my-status');
    expect(source.deadLetterTopic).toBe('connect-error-orders');
    expect(definitionOf(draft, false).replicas).toBe(1);
  });
  it('leaves out the destination before the last step and hidden leftovers on it', () => {
    const empty = emptyDraft();
    const draft = { ...empty, name: 'x', destinationType: 'TABLESTORE' as const, destinations: { ...empty.destinations,
      TABLESTORE: tablestore({ primaryKeyMode: 'KAFKA', primaryKeyColumns: [{ name: 'id', type: 'STRING' }], deleteMode: 'ROW' }) } };
    expect(definitionOf(draft, false).destination).toBeUndefined();
    const destination = definitionOf(draft, true).destination as TablestoreDestination;
    expect(destination.primaryKeyColumns).toBeUndefined();
    expect(destination.deleteMode).toBeUndefined();
    expect(destination.timeseries).toBeUndefined();
    expect(destination.endpoint).toBeUndefined();
  });
});

describe('server errors placed next to their fields', () => {
  const errors = [
    { field: 'name', rule: 'pattern', message: 'bad name' },
    { field: 'source.offsetTopic', rule: 'partitions', message: 'offset topic needs more than 1 partition' },
    { field: 'destination', rule: 'required', message: 'destination is required' },
    { field: 'destination.primaryKeyColumns[1].name', rule: 'unique', message: 'listed twice' },
    { field: 'destination.timeseries.fieldTypes.temp', rule: 'required', message: 'needs a type' },
  ];
  it('keeps each step to its own fields', () => {
    expect(stepViolations(errors, 0).map((v) => v.field)).toEqual(['name']);
    expect(stepViolations(errors, 1).map((v) => v.field)).toEqual(['source.offsetTopic']);
    expect(stepViolations([{ field: 'replicas', rule: 'range', message: '' }], 1)).toHaveLength(1);
    expect(stepViolations(errors, 2)).toHaveLength(3);
  });
  it('attaches a path to its nearest input and reports what has none', () => {
    const inputs = new Set(['destination.primaryKeyColumns', 'destination.primaryKeyColumns[1]', 'destination.timeseries']);
    const placed = errorsByField(stepViolations(errors, 2), inputs);
    expect(placed.byField['destination.primaryKeyColumns[1]']).toEqual(['listed twice']);
    expect(placed.byField['destination.timeseries']).toEqual(['needs a type']);
    expect(placed.unplaced.map((v) => v.field)).toEqual(['destination']);
  });
});

describe('errors of edited fields', () => {
  it('drops a violation once its field holds another value than the one checked', () => {
    const checked = { name: 'a', destination: { type: 'TABLESTORE' as const, primaryKeyColumns: [{ name: '', type: 'STRING' as const }] } };
    expect(valueAt(checked, 'destination.primaryKeyColumns[0].name')).toBe('');
    const violations = [{ field: 'name', rule: 'unique', message: 'taken' },
      { field: 'destination.primaryKeyColumns[0].name', rule: 'required', message: 'required' }];
    const edited = { ...checked, name: 'b' };
    expect(stillApplies(violations, checked, edited).map((v) => v.field)).toEqual(['destination.primaryKeyColumns[0].name']);
  });
});
