import { useState } from 'react';
import { ApiError } from '../api/client';
import { useSendTestMessage, useTopics } from '../api/hooks';
import type { Connector, KafkaInstance } from '../api/model';
import { useI18n } from '../i18n/i18n';
import { Field, FieldErrorsContext, numberOrUndefined, Radios, TextInput, YesNo } from '../ui/form';

type Method = 'console' | 'docker' | 'sdk';
type Language = 'java' | 'python' | 'go';

/** The commands and code the Docker and SDK methods show, filled in with this connector's topic. */
export function sendSnippets(bootstrapServers: string, topic: string): { docker: string; sdk: Record<Language, string> } {
  return {
    docker: `docker run -it --rm --network host apache/kafka:4.3.1 \\
  /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server ${bootstrapServers} \\
  --topic ${topic} --property parse.key=true --property key.separator=:
# then type, for example:  demo:{"key": "test"}`,
    sdk: {
      java: `Properties props = new Properties();
props.put("bootstrap.servers", "${bootstrapServers}");
props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
    RecordMetadata sent = producer.send(new ProducerRecord<>("${topic}", "demo", "{\\"key\\": \\"test\\"}")).get();
    System.out.println(sent.partition() + "@" + sent.offset());
}`,
      python: `from kafka import KafkaProducer  # pip install kafka-python

producer = KafkaProducer(bootstrap_servers="${bootstrapServers}")
sent = producer.send("${topic}", key=b"demo", value=b'{"key": "test"}').get(timeout=10)
print(sent.partition, sent.offset)`,
      go: `// go get github.com/segmentio/kafka-go
w := &kafka.Writer{Addr: kafka.TCP("${bootstrapServers}"), Topic: "${topic}"}
defer w.Close()
err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte("demo"), Value: []byte(\`{"key": "test"}\`)})`,
    },
  };
}

export function SendMessagePanel({ instanceId, connector, instance }: {
  instanceId: string; connector: Connector; instance?: KafkaInstance;
}) {
  const { t, formatDateTime } = useI18n();
  const [method, setMethod] = useState<Method>('console');
  const [key, setKey] = useState('demo');
  const [value, setValue] = useState('{"key": "test"}');
  const [toPartition, setToPartition] = useState(false);
  const [partition, setPartition] = useState('0');
  const [language, setLanguage] = useState<Language>('java');
  const topic = connector.source?.topic ?? '';
  const partitions = useTopics(instanceId).data?.find((t) => t.name === topic)?.partitions;
  const snippets = sendSnippets(instance?.bootstrapServers ?? '<bootstrap-servers>', topic);
  const sending = useSendTestMessage(instanceId, connector.name);
  const result = sending.data;
  const errors = sending.error instanceof ApiError ? sending.error.errors : [];
  const failure = sending.error && !errors.length ? sending.error.message : null;
  const busy = sending.isPending;

  const send = () => sending.mutate({
    key: key || undefined, value, partition: toPartition ? numberOrUndefined(partition) : undefined,
  });

  const byField: Record<string, string[]> = {};
  for (const v of errors) (byField[`send.${v.field}`] ??= []).push(v.message);

  return (
    <div className="send-panel">
      <h2>{t('send.title')}</h2>
      <FieldErrorsContext.Provider value={byField}>
        <Field path="send.method" label="send.method">
          <Radios path="send.method" value={method} options={['console', 'docker', 'sdk'] as const}
            onChange={setMethod} label={(m) => t(`send.${m}`)} />
        </Field>
        {method === 'console' && (
          <form onSubmit={(e) => { e.preventDefault(); send(); }}>
            <Field path="send.key" label="send.key">
              <TextInput path="send.key" value={key} onChange={setKey} />
            </Field>
            <Field path="send.value" label="send.value">
              <textarea id="f-send_value" name="send.value" rows={4} value={value} onChange={(e) => setValue(e.target.value)} />
            </Field>
            <Field path="send.toPartition" label="send.toPartition">
              <YesNo path="send.toPartition" value={toPartition} onChange={setToPartition} />
            </Field>
            {toPartition && (
              <Field path="send.partition" label="send.partition" help={partitions === undefined ? undefined
                : t('send.partitionRange', { topic, count: partitions, last: partitions - 1 })}>
                <TextInput path="send.partition" type="number" value={partition} onChange={setPartition} />
              </Field>
            )}
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>{t('send.submit')}</button>
            </div>
          </form>
        )}
      </FieldErrorsContext.Provider>
      {method === 'docker' && <Snippet hint={t('send.dockerHint')} code={snippets.docker} />}
      {method === 'sdk' && (
        <>
          <Field path="send.language" label="send.language">
            <Radios path="send.language" value={language} options={['java', 'python', 'go'] as const} onChange={setLanguage}
              label={(l) => ({ java: 'Java', python: 'Python', go: 'Go' })[l]} />
          </Field>
          <Snippet hint={t('send.sdkHint')} code={snippets.sdk[language]} />
        </>
      )}
      {result && (
        <div className="banner banner-success" role="status" data-testid="send-result">
          {t('send.result', { topic: result.topic, partition: result.partition, offset: result.offset,
            time: formatDateTime(result.timestamp) })}
        </div>
      )}
      {failure && <div className="banner banner-error" role="alert">{failure}</div>}
    </div>
  );
}

function Snippet({ hint, code }: { hint: string; code: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="snippet">
      <p>{hint}</p>
      <pre><code>{code}</code></pre>
      <button type="button" className="small" onClick={() => void copy()}>{copied ? t('send.copied') : t('send.copy')}</button>
    </div>
  );
}
