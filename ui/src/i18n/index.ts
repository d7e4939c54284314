import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('lang') : null;

// Simplified Chinese unless the user chose English; procedure labels come from the API in the same language.
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
