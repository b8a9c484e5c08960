import { CONTRACT, type TablestoreDestination } from '../../api/model';
import { authOf, compact } from '../definition';

// Which fields apply (seed 003's "this parameter is displayed when ...")

export interface TablestoreVisibility {
  keyFormat: boolean;
  valueFormat: boolean;
  jsonConversion: boolean;
  primaryKeyMode: boolean;
  primaryKeyColumns: boolean;
  writeMode: boolean;
  deleteMode: boolean;
  timeseries: boolean;
  fieldTypes: boolean;
}

export const MAX_PRIMARY_KEY_COLUMNS = CONTRACT.tablestore.maxPrimaryKeyColumns;

export function tablestoreVisibility(d: TablestoreDestination): TablestoreVisibility {
  const wide = (d.model ?? 'WIDE_COLUMN') === 'WIDE_COLUMN';
  const keyFormat = d.keyFormat ?? 'JSON';
  const valueFormat = d.valueFormat ?? 'JSON';
  const pkMode = d.primaryKeyMode ?? 'KAFKA';
  const anyJson = keyFormat === 'JSON' || valueFormat === 'JSON';
  return {
    keyFormat: wide,
    valueFormat: wide,
    jsonConversion: wide && anyJson,
    primaryKeyMode: wide,
    primaryKeyColumns: wide && ((pkMode === 'RECORD_KEY' && keyFormat === 'JSON')
      || (pkMode === 'RECORD_VALUE' && valueFormat === 'JSON')),
    writeMode: wide,
    deleteMode: wide && pkMode === 'RECORD_KEY',
    timeseries: !wide,
    fieldTypes: !wide && d.timeseries?.mapAllFields === false,
  };
}

export function emptyTablestore(): TablestoreDestination {
  return {
    type: 'TABLESTORE', endpoint: '', instanceName: '', autoCreateTable: true, tableName: '', model: 'WIDE_COLUMN',
    keyFormat: 'JSON', valueFormat: 'JSON', jsonConversion: 'ALL_STRING', primaryKeyMode: 'KAFKA',
    primaryKeyColumns: [], writeMode: 'PUT', deleteMode: 'NONE',
    timeseries: { timestampUnit: 'MILLISECONDS', mapAllFields: true, tagFields: [], fieldTypes: {} },
    auth: { type: 'ACCESS_KEY', accessKeyId: '', accessKeySecret: '' },
  };
}

export function tablestoreDefinition(d: TablestoreDestination): TablestoreDestination {
  const show = tablestoreVisibility(d);
  const ts = d.timeseries ?? {};
  return compact({
    type: 'TABLESTORE',
    endpoint: d.endpoint,
    instanceName: d.instanceName,
    auth: authOf(d.auth),
    autoCreateTable: d.autoCreateTable,
    tableName: d.tableName,
    model: d.model,
    keyFormat: show.keyFormat ? d.keyFormat : undefined,
    valueFormat: show.valueFormat ? d.valueFormat : undefined,
    jsonConversion: show.jsonConversion ? d.jsonConversion : undefined,
    primaryKeyMode: show.primaryKeyMode ? d.primaryKeyMode : undefined,
    primaryKeyColumns: show.primaryKeyColumns ? d.primaryKeyColumns : undefined,
    writeMode: show.writeMode ? d.writeMode : undefined,
    deleteMode: show.deleteMode ? d.deleteMode : undefined,
    timeseries: show.timeseries ? compact({
      metricNameField: ts.metricNameField,
      dataSourceField: ts.dataSourceField,
      tagFields: ts.tagFields?.filter((t) => t !== ''),
      timestampField: ts.timestampField,
      timestampUnit: ts.timestampUnit,
      mapAllFields: ts.mapAllFields,
      fieldTypes: show.fieldTypes ? ts.fieldTypes : undefined,
    }) : undefined,
  });
}
