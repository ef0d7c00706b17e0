import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './vi.json';
import en from './en.json';
import { messagesIn } from '../../../src/catalogue';

// Each feature keeps its strings in <feature>.<lang>.json (cycle, onestop, calendar, …), merged into one resource.
type Strings = Record<string, unknown>;
const featureFiles = import.meta.glob<Strings>('./*.*.json', { eager: true, import: 'default' });
function featureStrings(lang: string): Strings {
  return Object.entries(featureFiles)
    .filter(([file]) => file.endsWith(`.${lang}.json`))
    .reduce<Strings>((all, [, strings]) => ({ ...all, ...strings }), {});
}

/** The server's reasons (src/catalogue.ts) join the web's own error titles under `errors.` */
function withServerMessages(lang: 'vi' | 'en', strings: Strings): Strings {
  return { ...strings, errors: { ...(strings.errors as Strings), ...messagesIn(lang) } };
}

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'parindex.lang';

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === 'en' || value === 'vi') return value;
  } catch {
    // Storage can be blocked (private mode); Vietnamese is the default anyway.
  }
  return 'vi';
}

export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Ignore: the switch still applies to this tab.
  }
  void i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: {
    vi: { translation: withServerMessages('vi', { ...vi, ...featureStrings('vi') }) },
    en: { translation: withServerMessages('en', { ...en, ...featureStrings('en') }) },
  },
  lng: storedLanguage(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false }, // React already escapes
});

export default i18n;
