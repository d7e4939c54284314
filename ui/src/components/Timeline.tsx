import { useTranslation } from 'react-i18next';
import { useSiteStaff } from '../api/hooks';
import type { CaseView, DataSpec, Escalation, ProcedureDetail, StaffMember, StepRecord } from '../api/types';
import { useSession } from '../session';
import { RecordedData } from './RecordedData';

type Addendum = NonNullable<CaseView['addenda']>[number];
type Entry = { at: string; step?: StepRecord; escalation?: Escalation; addendum?: Addendum };

/** The case's timeline: the opening with what was reported, each step with what it recorded, each escalation with
 * why, who the site's on-duty roster picked, where it was not delivered and who acknowledged it, and each fact added
 * after the case closed (the police case number, from the case's records); oldest first. */
export function Timeline(props: { view: CaseView; def: ProcedureDetail; time: (iso?: string | null) => string }) {
  const { view, def, time } = props;
  const { t } = useTranslation();
  const session = useSession();
  const staff = useSiteStaff(view.site);
  const entries: Entry[] = [
    ...view.history.map((step) => ({ at: step.at, step })),
    ...view.escalations.map((escalation) => ({ at: escalation.at, escalation })),
    ...(view.addenda ?? []).map((addendum) => ({ at: addendum.at, addendum })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const factOf = (type: string) => def.lateFacts.find((f) => f.type === type);
  const eventOf = (type: string) => def.events.find((e) => e.type === type);
  const label = (type: string) => eventOf(type)?.label ?? type;
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('case.timeline')}</h2>
      <ol className="timeline">
        <li className="entry">
          <p className="entry-head">
            <time dateTime={view.startedAt}>{time(view.startedAt)}</time> <strong>{t('case.opened')}</strong>
            {view.intake && (
              <span className="who">
                {t('case.by', { who: view.intake.openedBy.name, role: session.roleName(view.intake.openedBy.role) })}
              </span>
            )}
          </p>
          {view.intake && <Recorded data={view.intake.data} spec={def.start} time={time} staff={staff} />}
        </li>
        {entries.map((e) =>
          e.addendum ? (
            <li key={`a${e.addendum.seq}`} className="entry addendum" data-fact={e.addendum.type}>
              <p className="entry-head">
                <time dateTime={e.at}>{time(e.at)}</time> <span className="badge">{t('case.lateFacts.badge')}</span>{' '}
                <strong>{factOf(e.addendum.type)?.label ?? label(e.addendum.type)}</strong>
                <span className="who">
                  {t('case.by', { who: e.addendum.actor.name, role: session.roleName(e.addendum.role) })}
                </span>
              </p>
              <Recorded data={e.addendum.data} spec={factOf(e.addendum.type)} time={time} />
            </li>
          ) : e.step ? (
            <li key={`s${e.step.seq}`} className="entry" data-event={e.step.type}>
              <p className="entry-head">
                <time dateTime={e.at}>{time(e.at)}</time> <strong>{label(e.step.type)}</strong>
                <span className="who">
                  {t('case.by', { who: e.step.actor.name, role: session.roleName(e.step.role) })}
                </span>
              </p>
              <Recorded data={e.step.data} spec={eventOf(e.step.type)} time={time} staff={staff} />
            </li>
          ) : (
            <li key={`e${e.escalation!.n}`} className="entry escalation">
              <time dateTime={e.at}>{time(e.at)}</time>{' '}
              <strong>
                {t('case.escalation', { level: e.escalation!.level, role: session.roleName(e.escalation!.to) })}
              </strong>
              {e.escalation!.why && <p className="why">{e.escalation!.why}</p>}
              {e.escalation!.roster && (
                <p className="roster" data-roster={e.escalation!.roster.by}>
                  {t(`case.roster.${e.escalation!.roster.by}`, {
                    who: e.escalation!.roster.name ?? e.escalation!.roster.user,
                    shift: shiftText(e.escalation!.roster.shift, t),
                    role: session.roleName(e.escalation!.to),
                  })}
                </p>
              )}
              {e.escalation!.undelivered?.map((u) => (
                <p key={u.channel} className="undelivered" role="alert">
                  {t('case.undelivered', {
                    channel: t(`channel.${u.channel}`, { defaultValue: u.channel }),
                    reason: u.reason,
                  })}
                </p>
              ))}
              {e.escalation!.ackedAt ? (
                <p className="muted">
                  {t('case.acked', {
                    who: e.escalation!.ackedByName ?? e.escalation!.ackedBy,
                    at: time(e.escalation!.ackedAt),
                  })}
                </p>
              ) : (
                <p className="muted">{t('case.notAcked')}</p>
              )}
            </li>
          ),
        )}
      </ol>
    </section>
  );
}

/** Data a case recorded (its intake or a step's), in words as the procedure's form for it (`spec`) labels it. */
export function Recorded(props: {
  data: Record<string, unknown>;
  spec?: DataSpec;
  time: (iso?: string | null) => string;
  /** The case's site's staff: the names shown for the people the data names by user id (`x-staff` fields). */
  staff?: readonly StaffMember[];
}) {
  const { data, spec, time, staff } = props;
  return (
    <RecordedData
      data={data}
      schema={spec?.schema ?? {}}
      labels={{ fields: spec?.fields ?? {}, values: spec?.values ?? {}, staff }}
      time={(at) => time(at)}
    />
  );
}

/** A roster's shift in words: `每周一、二 08:00–20:00` / `Mon, Tue 08:00–20:00`, or a dated one's span (site time). */
function shiftText(shift: NonNullable<Escalation['roster']>['shift'], t: (key: string) => string): string {
  if (!shift) return '';
  if (!shift.days) return `${shift.from} – ${shift.to}`;
  const days =
    shift.days.length === 7
      ? t('case.rosterShift.everyDay')
      : t('case.rosterShift.weekly') +
        shift.days.map((d) => t(`case.rosterShift.${d}`)).join(t('case.rosterShift.and'));
  return `${days} ${shift.from}–${shift.to}`;
}
