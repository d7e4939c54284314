import autocannon from 'autocannon';

export interface StaffLoadResult {
  connections: number;
  seconds: number;
  requests: number;
  perSecond: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

/**
 * `connections` staff stepping cases for `seconds` through the API with autocannon: each request is a valid
 * `cameras_tracked` step (allowed again and again while a perimeter case waits for dispatch) on the next case.
 */
export async function staffLoad(opts: {
  base: string;
  token: string;
  caseIds: string[];
  connections: number;
  seconds: number;
}): Promise<StaffLoadResult> {
  let k = 0;
  const result = await autocannon({
    url: opts.base,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
        body: JSON.stringify({ type: 'cameras_tracked', data: { climbingSeen: false } }),
        setupRequest: (req) => ({ ...req, path: `/api/cases/${opts.caseIds[k++ % opts.caseIds.length]}/events` }),
      },
    ],
  });
  return {
    connections: opts.connections,
    seconds: opts.seconds,
    requests: result.requests.total,
    perSecond: Math.round(result.requests.average * 10) / 10,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  };
}
