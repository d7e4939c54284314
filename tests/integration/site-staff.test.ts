import request from 'supertest';
import { timeSkippingApp } from '../support/time-skipping-app';

// Issue 20 (forms: a step field that names a person of the site is a choice of the site's staff by name, not a typed
// user id): GET /sites/:id/staff lists the people holding a role at the site for someone who works there, and the
// procedures' event schemas mark such fields `x-staff` (from EventSpec.people and the field's metadata) and the fields the server
// fills from the record `readOnly`.
const { app, auth } = timeSkippingApp();

type Person = { id: string; name: string; roles: string[]; gender?: string };
const staffOf = async (site: string, user: string, lang = 'zh-CN') =>
  request(app())
    .get(`/api/sites/${site}/staff`)
    .set('Authorization', await auth(user))
    .set('Accept-Language', lang);

describe('GET /sites/:id/staff', () => {
  it('lists everyone holding a role at the site, by name, with their roles there and recorded gender', async () => {
    const res = await staffOf('chengshi-garden', 'patrol_guard');
    expect(res.status).toBe(200);
    const staff = res.body.staff as Person[];
    expect(staff).toContainEqual({
      id: 'squad_leader',
      name: '保安班长 郑军',
      roles: ['squad_leader'],
      gender: 'male',
    });
    // The roster's deputy holds the squad leader's role only at 城市花园.
    expect(staff.map((p) => p.id)).toContain('deputy_leader');
    const names = staff.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    const mall = (await staffOf('xinghe-mall', 'patrol_guard')).body.staff as Person[];
    expect(mall.map((p) => p.id)).not.toContain('deputy_leader');
  });

  it('refuses a site the caller does not work at (403, in the caller’s language) and an unknown one', async () => {
    const res = await staffOf('xingchi-4s', 'patrol_guard');
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('你不在该场所工作');
    expect((await staffOf('xingchi-4s', 'patrol_guard', 'en')).body.detail).toMatch(/site/);
    expect((await staffOf('nowhere', 'patrol_guard')).status).toBe(403);
    expect((await request(app()).get('/api/sites/chengshi-garden/staff')).status).toBe(401);
  });
});

describe('x-staff on the fields that name a person of the site', () => {
  const eventSchema = async (procedure: string, type: string, version?: number) => {
    const res = await request(app())
      .get(`/api/procedures/${procedure}${version ? `?version=${version}` : ''}`)
      .set('Authorization', await auth('security_captain'));
    type Schema = { properties?: Record<string, unknown>; oneOf?: Schema[] };
    const event = (res.body.events as Array<{ type: string; schema: Schema }>).find((e) => e.type === type);
    // The properties of the object, or of every branch of a oneOf (a verdict is one of several shapes).
    const branches = event!.schema.oneOf ?? [event!.schema];
    return branches.map((b) => b.properties ?? {});
  };

  it('marks the perimeter commander and store theft’s female staff member (EventSpec.people; her gender from the field’s metadata)', async () => {
    const verdicts = await eventSchema('perimeter-alarm', 'verdict_given');
    const withCommander = verdicts.filter((b) => 'commander' in b);
    expect(withCommander.length).toBeGreaterThan(0);
    for (const b of withCommander) expect(b.commander).toMatchObject({ 'x-staff': {} });
    const [present] = (await eventSchema('store-theft', 'female_staff_present')) as [Record<string, unknown>];
    expect(present.staffId).toMatchObject({ 'x-staff': { gender: 'female' } });
    // Version 3 asks nothing else of her: her name and gender come from the staff records.
    expect(Object.keys(present).sort()).toEqual(['note', 'staffId']);
    // Version 2 (open cases) still has the fields its recorded steps carry, filled from the records: nobody types them.
    const [v2] = (await eventSchema('store-theft', 'female_staff_present', 2)) as [Record<string, unknown>];
    expect(v2.staffId).toMatchObject({ 'x-staff': { gender: 'female' } });
    expect(v2.staffName).toMatchObject({ readOnly: true });
    expect(v2.gender).toMatchObject({ readOnly: true });
    expect(present.note).not.toHaveProperty('x-staff');
    for (const b of await eventSchema('perimeter-alarm', 'patrol_arrived'))
      for (const p of Object.values(b)) expect(p).not.toHaveProperty('x-staff');
  });
});
