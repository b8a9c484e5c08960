import { CONTRACT, type MaxComputeDestination, type McFormat, type McMode } from '../../api/model';
import { authOf, compact } from '../definition';

/** The formats a mode can write (DEFAULT writes key and value and takes only TEXT or BINARY), the sink's own rule. */
export function maxComputeFormats(mode: McMode): readonly McFormat[] {
  return CONTRACT.maxCompute.formatsByMode[mode];
}

export function emptyMaxCompute(): MaxComputeDestination {
  return {
    type: 'MAXCOMPUTE', endpoint: '', project: '', table: '', region: '', mode: 'DEFAULT', format: 'TEXT',
    partitionWindow: 'HOUR', timeZone: CONTRACT.maxCompute.defaultTimeZone,
    auth: { type: 'ACCESS_KEY', accessKeyId: '', accessKeySecret: '' },
  };
}

export function maxComputeDefinition(d: MaxComputeDestination): MaxComputeDestination {
  return compact({ ...d, auth: authOf(d.auth) });
}
