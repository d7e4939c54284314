/** Reading a case's history events in tests: which activities it ran, scheduled or local. */

/** The parts of a history event these helpers read (a `temporal.api.history.v1.IHistoryEvent`). */
export interface EventLike {
  eventType?: unknown;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  markerRecordedEventAttributes?: {
    markerName?: string | null;
    details?: Record<string, { payloads?: Array<{ data?: Uint8Array | null }> | null }> | null;
    failure?: unknown;
  } | null;
  eventId?: unknown;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: unknown } | null;
}

/**
 * The activity type a local-activity marker names (sdk-core's LocalActivityMarkerData, JSON in the marker's `data`
 * payload), or undefined for any other event.
 */
export function localActivityTypeOf(e: EventLike): string | undefined {
  const marker = e.markerRecordedEventAttributes;
  const data = marker?.markerName === 'core_local_activity' && marker.details?.data?.payloads?.[0]?.data;
  return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type : undefined;
}

/** The activity types a history ran, in order: scheduled activity tasks and local activities alike. */
export function activityTypesOf(events: readonly unknown[]): string[] {
  return (events as EventLike[]).flatMap((e) => {
    const scheduled = e.activityTaskScheduledEventAttributes?.activityType?.name ?? localActivityTypeOf(e);
    return scheduled ? [scheduled] : [];
  });
}

/**
 * How many times a history's `type` activity succeeded: completed activity tasks of that type, and local-activity
 * markers of it that carry no failure (a local activity that timed out and was handed to the activity task is counted
 * once, by the task that made the write).
 */
export function succeededActivities(events: readonly unknown[], type: string): number {
  const list = events as EventLike[];
  const scheduled = new Set(
    list
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type)
      .map((e) => String(e.eventId)),
  );
  return list.filter(
    (e) =>
      (localActivityTypeOf(e) === type && !e.markerRecordedEventAttributes?.failure) ||
      scheduled.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? '')),
  ).length;
}
