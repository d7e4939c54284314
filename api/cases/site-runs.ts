import { siteRuns, type ProcedureDefinition, type SitePolicy } from '../../workflows/engine';
import { HttpError } from '../errors';
import { notRunHereMessage } from '../messages';

/**
 * Refuses a new case of `def` at `site` when the site does not run that procedure (its `runs` list, issue 19).
 *
 * @throws HttpError 422 `procedure-not-run`, naming the procedure and the site in both languages; nothing is started.
 */
export function refuseUnlessRun(def: ProcedureDefinition, site: SitePolicy): void {
  if (siteRuns(site, def.id)) return;
  const name = (lang: 'zh-CN' | 'en') => (typeof def.i18n[lang].name === 'string' ? def.i18n[lang].name : def.id);
  const said = notRunHereMessage({ 'zh-CN': name('zh-CN'), en: name('en') }, site.name, def.id, site.id);
  throw new HttpError(422, 'procedure-not-run', said.en, { procedure: def.id, site: site.id, runs: site.runs }, said);
}
