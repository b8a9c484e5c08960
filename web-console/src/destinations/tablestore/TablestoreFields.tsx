import {
  DELETE_MODES, JSON_CONVERSIONS, MESSAGE_FORMATS, PRIMARY_KEY_MODES, PRIMARY_KEY_TYPES, TABLESTORE_MODELS, TIMESERIES_FIELD_TYPES,
  TIMESTAMP_UNITS, WRITE_MODES, type PrimaryKeyColumn, type TablestoreDestination, type Timeseries, type TimeseriesFieldType,
} from '../../api/model';
import { useI18n } from '../../i18n/i18n';
import { Field, GroupErrors, inputId, Radios, Select, TextInput, YesNo } from '../../ui/form';
import { AuthFields } from '../AuthFields';
import type { DestinationFieldsProps } from '../types';
import { MAX_PRIMARY_KEY_COLUMNS, tablestoreVisibility } from './rules';


type ChoiceKey = 'model' | 'keyFormat' | 'valueFormat' | 'jsonConversion' | 'primaryKeyMode' | 'writeMode';

export function TablestoreFields({ value, onChange }: DestinationFieldsProps<TablestoreDestination>) {
  const { t } = useI18n();
  const set = (change: Partial<TablestoreDestination>) => onChange({ ...value, ...change });
  const show = tablestoreVisibility(value);
  const ts: Timeseries = value.timeseries ?? {};
  const setTs = (change: Partial<Timeseries>) => set({ timeseries: { ...ts, ...change } });
  const columns = value.primaryKeyColumns ?? [];
  const setColumn = (index: number, change: Partial<PrimaryKeyColumn>) =>
    set({ primaryKeyColumns: columns.map((c, i) => (i === index ? { ...c, ...change } : c)) });
  const fieldTypes = Object.entries(ts.fieldTypes ?? {});
  const setFieldTypes = (entries: Array<[string, TimeseriesFieldType]>) => setTs({ fieldTypes: Object.fromEntries(entries) });
  const tsText = (key: 'metricNameField' | 'dataSourceField' | 'timestampField', placeholder: string) => (
    <Field path={`destination.timeseries.${key}`} label={`field.${key}`}>
      <TextInput path={`destination.timeseries.${key}`} value={ts[key]} placeholder={placeholder} onChange={(v) => setTs({ [key]: v })} />
    </Field>
  );
  /** One of the short enums of seed 003's table, shown as a segmented choice when it applies. */
  const choice = <K extends ChoiceKey>(key: K, options: ReadonlyArray<NonNullable<TablestoreDestination[K]>>, applies = true) =>
    applies && (
      <Field path={`destination.${key}`} label={`field.${key}`}>
        <Radios path={`destination.${key}`} value={value[key] as string | undefined} options={options as readonly string[]}
          onChange={(v) => set({ [key]: v } as Partial<TablestoreDestination>)} />
      </Field>
    );

  return (
    <>
      <Field path="destination.endpoint" label="field.endpoint">
        <TextInput path="destination.endpoint" value={value.endpoint} onChange={(endpoint) => set({ endpoint })}
          placeholder="https://k00eny67.cn-hangzhou.vpc.tablestore.aliyuncs.com" />
      </Field>
      <Field path="destination.instanceName" label="field.instanceName">
        <TextInput path="destination.instanceName" value={value.instanceName} onChange={(instanceName) => set({ instanceName })} />
      </Field>
      <AuthFields auth={value.auth} onChange={(auth) => set({ auth })} />
      <Field path="destination.autoCreateTable" label="field.autoCreateTable">
        <YesNo path="destination.autoCreateTable" value={value.autoCreateTable} onChange={(autoCreateTable) => set({ autoCreateTable })} />
      </Field>
      <Field path="destination.tableName" label="field.tableName">
        <TextInput path="destination.tableName" value={value.tableName} onChange={(tableName) => set({ tableName })}
          placeholder="kafka_table" />
      </Field>
      {choice('model', TABLESTORE_MODELS)}
      {choice('keyFormat', MESSAGE_FORMATS, show.keyFormat)}
      {choice('valueFormat', MESSAGE_FORMATS, show.valueFormat)}
      {choice('jsonConversion', JSON_CONVERSIONS, show.jsonConversion)}
      {choice('primaryKeyMode', PRIMARY_KEY_MODES, show.primaryKeyMode)}
      {show.primaryKeyColumns && (
        <Field path="destination.primaryKeyColumns" label="field.primaryKeyColumns"
          help={columns.length >= MAX_PRIMARY_KEY_COLUMNS ? t('pk.limit') : undefined}>
          <div className="rows-editor">
            {columns.map((column, i) => (
              <div key={i} className="row-edit" data-field={`destination.primaryKeyColumns[${i}]`}>
                <input id={inputId(`destination.primaryKeyColumns[${i}].name`)} name={`destination.primaryKeyColumns[${i}].name`}
                  aria-label={t('pk.columnName')} placeholder={t('pk.columnName')} value={column.name}
                  onChange={(e) => setColumn(i, { name: e.target.value })} />
                <Select path={`destination.primaryKeyColumns[${i}].type`} value={column.type}
                  options={PRIMARY_KEY_TYPES} onChange={(type) => setColumn(i, { type })} />
                <button type="button" className="small" onClick={() => set({ primaryKeyColumns: columns.filter((_, j) => j !== i) })}>
                  {t('pk.remove')}
                </button>
                <GroupErrors path={`destination.primaryKeyColumns[${i}]`} />
              </div>
            ))}
            <button type="button" className="small" disabled={columns.length >= MAX_PRIMARY_KEY_COLUMNS}
              onClick={() => set({ primaryKeyColumns: [...columns, { name: '', type: 'STRING' }] })}>
              + {t('pk.add')}
            </button>
          </div>
        </Field>
      )}
      {choice('writeMode', WRITE_MODES, show.writeMode)}
      {show.deleteMode && (
        <Field path="destination.deleteMode" label="field.deleteMode">
          <Select path="destination.deleteMode" value={value.deleteMode} options={DELETE_MODES}
            onChange={(deleteMode) => set({ deleteMode })} />
        </Field>
      )}
      {show.timeseries && (
        <div data-field="destination.timeseries" className="subsection">
          <GroupErrors path="destination.timeseries" />
          {tsText('metricNameField', 'measurement')}
          {tsText('dataSourceField', 'source')}
          <Field path="destination.timeseries.tagFields" label="field.tagFields">
            <TextInput path="destination.timeseries.tagFields" value={(ts.tagFields ?? []).join(',')} placeholder="tag1,tag2"
              onChange={(v) => setTs({ tagFields: v.split(',').map((s) => s.trim()) })} />
          </Field>
          {tsText('timestampField', 'time')}
          <Field path="destination.timeseries.timestampUnit" label="field.timestampUnit">
            <Select path="destination.timeseries.timestampUnit" value={ts.timestampUnit}
              options={TIMESTAMP_UNITS}
              onChange={(timestampUnit) => setTs({ timestampUnit })} label={String} />
          </Field>
          <Field path="destination.timeseries.mapAllFields" label="field.mapAllFields">
            <YesNo path="destination.timeseries.mapAllFields" value={ts.mapAllFields !== false}
              onChange={(mapAllFields) => setTs({ mapAllFields })} />
          </Field>
          {show.fieldTypes && (
            <Field path="destination.timeseries.fieldTypes" label="field.fieldTypes">
              <div className="rows-editor">
                {fieldTypes.map(([field, type], i) => (
                  <div key={i} className="row-edit" data-field={`destination.timeseries.fieldTypes.${field}`}>
                    <input aria-label={t('ft.field')} placeholder={t('ft.field')} value={field}
                      name={`destination.timeseries.fieldTypes[${i}]`}
                      onChange={(e) => setFieldTypes(fieldTypes.map((entry, j) => (j === i ? [e.target.value, entry[1]] : entry)))} />
                    <Select path={`destination.timeseries.fieldTypes.${field}`} value={type} options={TIMESERIES_FIELD_TYPES}
                      onChange={(next) => setFieldTypes(fieldTypes.map((entry, j) => (j === i ? [entry[0], next] : entry)))} />
                    <button type="button" className="small" onClick={() => setFieldTypes(fieldTypes.filter((_, j) => j !== i))}>
                      {t('pk.remove')}
                    </button>
                    <GroupErrors path={`destination.timeseries.fieldTypes.${field}`} />
                  </div>
                ))}
                <button type="button" className="small"
                  onClick={() => setFieldTypes([...fieldTypes, [`field${fieldTypes.length + 1}`, 'DOUBLE']])}>
                  + {t('ft.add')}
                </button>
              </div>
            </Field>
          )}
        </div>
      )}
    </>
  );
}
