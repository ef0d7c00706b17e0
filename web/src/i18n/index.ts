import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './vi.json';
import en from './en.json';
import cycleVi from './cycle.vi.json';
import cycleEn from './cycle.en.json';

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
  resources: { vi: { translation: { ...vi, ...cycleVi } }, en: { translation: { ...en, ...cycleEn } } },
  lng: storedLanguage(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false }, // React already escapes
});

export default i18n;
