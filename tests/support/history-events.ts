/** Reading a case's history events in tests: which activities it ran, scheduled or local. */

/** The parts of a history event these helpers read (a `temporal.api.history.v1.IHistoryEvent`). */
export interface EventLike {
  eventType?: unknown;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  markerRecordedEventAttributes?: {
    markerName?: string | null;
    details?: Record<string, { payloads?: Array<{ data?: Uint8Array | null }> | null }> | null;
  } | null;
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
