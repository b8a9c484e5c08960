import { useMetricsHistory } from '../../api/hooks';
import type { MetricsSample } from '../../api/model';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const WIDTH = 600;
const HEIGHT = 120;

interface Line {
  key: string;
  label: MessageKey;
  value: (sample: MetricsSample) => number | undefined;
}

const THROUGHPUT: Line[] = [
  { key: 'in', label: 'metrics.recordsIn', value: (s) => s.recordsInPerSecond },
  { key: 'out', label: 'metrics.recordsOut', value: (s) => s.recordsOutPerSecond },
];
const LAG: Line[] = [{ key: 'lag', label: 'metrics.consumerLag', value: (s) => s.consumerLag }];

/** A rounded-up top of the scale, so the axis reads 1, 2, 5 × 10ⁿ; at least 1. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((top) => top >= value) ?? 10 * magnitude;
}

/**
 * SVG path of one line over the samples: x by time across the window, y scaled to {@code max}; a sample without the
 * figure breaks the line rather than drawing a false zero.
 */
export function linePath(samples: MetricsSample[], value: (s: MetricsSample) => number | undefined, max: number): string {
  if (samples.length === 0) return '';
  const first = Date.parse(samples[0].at);
  const span = Math.max(1, Date.parse(samples[samples.length - 1].at) - first);
  let path = '';
  let drawing = false;
  for (const sample of samples) {
    const v = value(sample);
    if (v == null) { drawing = false; continue; }
    const x = samples.length === 1 ? WIDTH : ((Date.parse(sample.at) - first) / span) * WIDTH;
    const y = HEIGHT - (Math.min(v, max) / max) * HEIGHT;
    path += `${drawing ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    drawing = true;
  }
  return path;
}

function Chart({ id, title, lines, samples }: { id: string; title: MessageKey; lines: Line[]; samples: MetricsSample[] }) {
  const { t, language } = useI18n();
  const locale = language === 'zh' ? 'zh-CN' : 'en';
  const values = samples.flatMap((s) => lines.map((l) => l.value(s))).filter((v): v is number => v != null);
  const max = niceMax(Math.max(0, ...values));
  const last = samples[samples.length - 1];
  return (
    <figure className="metrics-chart" data-chart={id}>
      <figcaption>
        <strong>{t(title)}</strong>
        {lines.map((line) => (
          <span key={line.key} className={`legend legend-${line.key}`} data-line={line.key}>
            {t(line.label)}: {last && line.value(last) != null ? line.value(last)!.toLocaleString(locale, { maximumFractionDigits: 1 }) : '–'}
          </span>
        ))}
      </figcaption>
      <div className="chart-body">
        <span className="chart-max">{max.toLocaleString(locale)}</span>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={t(title)}>
          <line className="grid" x1="0" y1={HEIGHT / 2} x2={WIDTH} y2={HEIGHT / 2} />
          <line className="grid" x1="0" y1={HEIGHT} x2={WIDTH} y2={HEIGHT} />
          {lines.map((line) => (
            <path key={line.key} className={`series series-${line.key}`} d={linePath(samples, line.value, max)}
              vectorEffect="non-scaling-stroke" />
          ))}
        </svg>
      </div>
    </figure>
  );
}

/** Throughput (records in and out per second) and consumer lag over the last hour, from the control plane's samples. */
export function MetricsCharts({ instanceId, name }: { instanceId: string; name: string }) {
  const { t, language } = useI18n();
  const history = useMetricsHistory(instanceId, name);
  const samples = history.data?.samples ?? [];
  if (samples.length === 0) {
    return history.isSuccess ? <p className="muted" data-testid="metrics-empty">{t('metrics.none')}</p> : null;
  }
  const locale = language === 'zh' ? 'zh-CN' : 'en';
  const from = new Date(samples[0].at).toLocaleTimeString(locale);
  const to = new Date(samples[samples.length - 1].at).toLocaleTimeString(locale);
  return (
    <section className="metrics-charts" aria-label={t('metrics.title')}>
      <Chart id="throughput" title="metrics.throughput" lines={THROUGHPUT} samples={samples} />
      <Chart id="lag" title="metrics.lag" lines={LAG} samples={samples} />
      <p className="muted chart-window">{t('metrics.window', { from, to })}</p>
    </section>
  );
}
