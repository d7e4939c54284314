import { createHash } from 'node:crypto';
import request from 'supertest';
import { loadConfig } from '../../config/load';
import { useAppOnTimeSkipping } from '../support/app-on-time-skipping';
import { bearerOf } from '../support/http-api';

// Issue 19: a site runs only the procedures its file names (`runs`); a site that names none runs every one. The shipped
// demo sites each name theirs (the supermarket the retail complaint, the estate its alarm and burglary procedures);
// a copy of the mall without its list stands for a site that names none.
const config = loadConfig();
const { runs: _mallRuns, ...anyMall } = config.sites.get('xinghe-mall')!;
config.sites.set('any-mall', { ...anyMall, id: 'any-mall', name: '任一商场' });
const { app, env } = useAppOnTimeSkipping(config);

describe('a site runs only the procedures it names', () => {
  it('refuses a case of a procedure the site does not run, in both languages, and starts nothing', async () => {
    const auth = await bearerOf(app(), 'cs_agent');
    const key = 'not-run-here-1';
    const send = (lang: string) =>
      request(app())
        .post('/api/cases')
        .set('Authorization', auth)
        .set('Accept-Language', lang)
        .set('Idempotency-Key', key)
        .send({ procedure: 'complaint', site: 'huarun-market', data: {} });
    const zh = await send('zh-CN').expect(422);
    expect(zh.body).toMatchObject({
      type: 'urn:problem:procedure-not-run',
      procedure: 'complaint',
      site: 'huarun-market',
      runs: ['complaint-retail', 'store-theft', 'internal-theft'],
    });
    expect(zh.body.detail).toBe('华润万家超市不受理「客户投诉处理」案件：该场所运行的流程中没有它');
    const en = await send('en').expect(422);
    expect(en.body.detail).toBe(
      'site huarun-market (华润万家超市) does not run the procedure complaint (Complaint handling)',
    );
    // The case id an Idempotency-Key gives: no workflow of it exists.
    const suffix = createHash('sha256').update(`cs_agent\n${key}`).digest('hex').slice(0, 25);
    await expect(env().client.workflow.getHandle(`complaint-huarun-market-k${suffix}`).describe()).rejects.toThrow(
      /not found/i,
    );
  });

  it('lists for a site only what it runs, and every procedure for a site that names none', async () => {
    const auth = await bearerOf(app(), 'cs_agent');
    const estate = await request(app())
      .get('/api/procedures?site=chengshi-garden')
      .set('Authorization', auth)
      .expect(200);
    const ids = (res: request.Response) => res.body.procedures.map((p: { id: string }) => p.id).sort();
    expect(ids(estate)).toEqual(['perimeter-alarm', 'residential-theft']);
    const market = await request(app())
      .get('/api/procedures?site=huarun-market')
      .set('Authorization', auth)
      .expect(200);
    // The supermarket is offered the retail complaint, not the contractor's (complaint) or another business's.
    expect(ids(market)).toEqual(['complaint-retail', 'internal-theft', 'store-theft']);
    const decor = await request(app())
      .get('/api/procedures?site=jiayi-decoration')
      .set('Authorization', auth)
      .expect(200);
    expect(ids(decor)).toEqual(['complaint']);
    const all = await request(app()).get('/api/procedures').set('Authorization', auth).expect(200);
    const any = await request(app()).get('/api/procedures?site=any-mall').set('Authorization', auth).expect(200);
    expect(any.body.procedures).toEqual(all.body.procedures);
    expect(all.body.procedures.length).toBeGreaterThan(1);
    const unknown = await request(app()).get('/api/procedures?site=nowhere').set('Authorization', auth).expect(422);
    expect(unknown.body.detail).toMatch(/场所/);
  });
});
