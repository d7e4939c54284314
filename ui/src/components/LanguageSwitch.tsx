import { useTranslation } from 'react-i18next';

/** 中文 ⇄ English; the API answers labels in the chosen language too. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <button
      type="button"
      className="secondary"
      lang={other}
      aria-label={t('app.switchLanguage')}
      onClick={() => {
        localStorage.setItem('lang', other);
        void i18n.changeLanguage(other);
        document.documentElement.lang = other;
      }}
    >
      {other === 'en' ? 'English' : '中文'}
    </button>
  );
}
