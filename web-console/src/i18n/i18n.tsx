import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, zh, type MessageKey } from './messages';

export type Language = 'en' | 'zh';
const LANGUAGE_KEY = 'connectors.language';
const dictionaries: Record<Language, Record<MessageKey, string>> = { en, zh };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  /** The chosen language as a BCP 47 locale, for Intl. */
  locale: string;
  /** Dates, times and numbers as the chosen language writes them (Intl). */
  formatDateTime: (value: string | number | Date) => string;
  formatTime: (value: string | number | Date) => string;
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string;
}

function initialLanguage(): Language {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  if (stored === 'en' || stored === 'zh') return stored;
  return navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function translate(language: Language, key: MessageKey, values?: Record<string, string | number>): string {
  const text = dictionaries[language][key] ?? key;
  return values ? text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? `{${name}}`)) : text;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(LANGUAGE_KEY, next);
    setState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const locale = language === 'zh' ? 'zh-CN' : 'en';
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
    return {
      language,
      setLanguage,
      t: (key, values) => translate(language, key, values),
      locale,
      formatDateTime: (value) => dateTime.format(new Date(value)),
      formatTime: (value) => time.format(new Date(value)),
      formatNumber: (value, options) => value.toLocaleString(locale, options),
    };
  }, [language, setLanguage]);
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
