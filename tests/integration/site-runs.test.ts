import { createHash } from 'node:crypto';
import request from 'supertest';
import { loadConfig } from '../../config/load';
import { useAppOnTimeSkipping } from '../support/app-on-time-skipping';
import { bearerOf } from '../support/http-api';

// Issue 19: a site runs only the procedures its file names (`runs`); a site that names none runs every one.
const config = loadConfig();
// The estate runs only its theft procedure here; the mall names none, so it runs all.
config.sites.set('chengshi-garden', { ...config.sites.get('chengshi-garden')!, runs: ['residential-theft'] });
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
        .send({ procedure: 'complaint', site: 'chengshi-garden', data: {} });
    const zh = await send('zh-CN').expect(422);
    expect(zh.body).toMatchObject({
      type: 'urn:problem:procedure-not-run',
      procedure: 'complaint',
      site: 'chengshi-garden',
    });
    expect(zh.body.detail).toBe('城市花园不受理「客户投诉处理」案件：该场所运行的流程中没有它');
    const en = await send('en').expect(422);
    expect(en.body.detail).toBe(
      'site chengshi-garden (城市花园) does not run the procedure complaint (Complaint handling)',
    );
    // The case id an Idempotency-Key gives: no workflow of it exists.
    const suffix = createHash('sha256').update(`cs_agent\n${key}`).digest('hex').slice(0, 25);
    await expect(env().client.workflow.getHandle(`complaint-chengshi-garden-k${suffix}`).describe()).rejects.toThrow(
      /not found/i,
    );
  });

  it('lists for a site only what it runs, and every procedure for a site that names none', async () => {
    const auth = await bearerOf(app(), 'cs_agent');
    const estate = await request(app())
      .get('/api/procedures?site=chengshi-garden')
      .set('Authorization', auth)
      .expect(200);
    expect(estate.body.procedures.map((p: { id: string }) => p.id)).toEqual(['residential-theft']);
    const all = await request(app()).get('/api/procedures').set('Authorization', auth).expect(200);
    const mall = await request(app()).get('/api/procedures?site=xinghe-mall').set('Authorization', auth).expect(200);
    expect(mall.body.procedures).toEqual(all.body.procedures);
    expect(all.body.procedures.length).toBeGreaterThan(1);
    const unknown = await request(app()).get('/api/procedures?site=nowhere').set('Authorization', auth).expect(422);
    expect(unknown.body.detail).toMatch(/场所/);
  });
});
