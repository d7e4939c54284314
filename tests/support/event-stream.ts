/** One server-sent event as a client sees it. */
export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/** An open GET of a text/event-stream, read in the background. */
export interface EventStreamReader {
  status: number;
  events: ServerSentEvent[];
  /** Settles when the server ends the response (or close() is called). */
  ended: Promise<void>;
  close(): void;
}

/** Opens `url` and parses its server-sent events as they arrive (id, event, data; comments skipped). */
export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStreamReader> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: ServerSentEvent[] = [];
  const ended = (async () => {
    if (!res.ok || !res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => new RegExp(`^${name}: ?(.*)$`, 'm').exec(block)?.[1];
        const data = field('data');
        if (data !== undefined) events.push({ id: field('id'), event: field('event') ?? 'message', data });
      }
    }
  })().catch((err: unknown) => {
    if ((err as Error).name !== 'AbortError') throw err;
  });
  return { status: res.status, events, ended, close: () => controller.abort() };
}
