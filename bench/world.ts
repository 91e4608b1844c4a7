// The benchmark's helpdesk before tickets: one tenant, an app, 25 agents and 20,000 guests with realistic,
// mixed-script names (the guest_name search has something to find). Deterministic.
import type { Fixture, FixtureUser } from '../src/fixtures/fixture-schema.js';
import { Random } from '../src/fixtures/random.js';

export const bench = {
  tenant_key: 'bench',
  app_id: 'cli_be0c0000000000a1',
  app_secret: 'bench-secret',
  helpdesk_id: '7300000000000000001',
  helpdesk_token: 'bench-helpdesk-token',
  guests: 20_000,
  agents: 25,
} as const;

const SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Luo', 'Gao',
  'Smith', 'Johnson', 'Brown', 'Garcia', 'Miller', 'Davis', 'Martin', 'Wilson', 'Clark', 'Lewis', 'Tanaka', 'Suzuki', 'Sato', 'Takahashi', 'Watanabe', 'Müller', 'Schmidt', 'Dubois', 'Rossi', 'Kowalski'];
const GIVEN = ['Wei', 'Fang', 'Min', 'Jing', 'Lei', 'Yan', 'Jun', 'Tao', 'Qiang', 'Xin', 'Hui', 'Ling', 'Yu', 'Hao', 'Bo', 'Ning', 'Shuang', 'Ying', 'Peng', 'Chao',
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Zoé', 'Élodie', 'Yuki', 'Haruto', 'Aoi', 'Ren', 'Sofia', 'Mateo', 'Chloé', 'Jörg', 'Anna', 'Ivan'];
const HANZI_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const HANZI_GIVEN = ['伟', '芳', '敏', '静', '磊', '燕', '军', '涛', '强', '鑫', '慧', '玲', '宇', '浩'];
const CITIES = [['Beijing', 'CN'], ['Shanghai', 'CN'], ['Shenzhen', 'CN'], ['Hangzhou', 'CN'], ['Chengdu', 'CN'], ['Tokyo', 'JP'], ['London', 'GB'], ['New York', 'US'], ['Berlin', 'DE'], ['Paris', 'FR']];
const DEPARTMENTS = ['Sales', 'Finance', 'Engineering', 'Marketing', 'Operations', 'Legal', 'HR', 'Design'];
const GUEST_TAGS = [['vip', 6], ['new', 10], ['enterprise', 8], ['trial', 6], ['partner', 3]] as const;

function openId(n: number): string {
  return `ou_${n.toString(16).padStart(32, '0')}`;
}

function user(rng: Random, n: number, name: string, tags: string[]): FixtureUser {
  const [city, country] = rng.pick(CITIES);
  const login = `user${n}`;
  return {
    open_id: openId(n),
    name,
    email: `${login}@bench.example.com`,
    avatar_url: `https://avatars.bench.example.com/${login}.png`,
    department: rng.pick(DEPARTMENTS),
    department_id: `od-${n % 97}`,
    company_name: 'Bench Corp',
    city,
    country,
    language: country === 'JP' ? 'ja_jp' : country === 'CN' ? 'zh_cn' : 'en_us',
    level: rng.int(1, 5),
    tags,
  };
}

function guestName(rng: Random): string {
  if (rng.chance(0.2)) return `${rng.pick(HANZI_SURNAMES)}${rng.pick(HANZI_GIVEN)}${rng.chance(0.5) ? rng.pick(HANZI_GIVEN) : ''}`;
  return `${rng.pick(GIVEN)} ${rng.pick(SURNAMES)}`;
}

export function benchWorld(): Fixture {
  const rng = new Random(20_260_101);
  const owner = user(rng, 1, 'Bench Owner', []);
  const agents = Array.from({ length: bench.agents }, (_, i) => user(rng, 100 + i, `Agent ${rng.pick(GIVEN)} ${rng.pick(SURNAMES)}`, []));
  const guests = Array.from({ length: bench.guests }, (_, i) => {
    const tags = GUEST_TAGS.filter(([, percent]) => rng.int(1, 100) <= percent).map(([tag]) => tag);
    return user(rng, 10_000 + i, guestName(rng), tags);
  });
  return {
    tenants: [
      {
        tenant_key: bench.tenant_key,
        name: 'Bench Corp',
        apps: [{ app_id: bench.app_id, app_secret: bench.app_secret, scopes: ['helpdesk:all'] }],
        users: [owner, ...agents, ...guests],
        helpdesks: [
          {
            helpdesk_id: bench.helpdesk_id,
            helpdesk_token: bench.helpdesk_token,
            name: 'Bench Helpdesk',
            owner: owner.open_id,
            agents: agents.map((a) => ({ id: a.open_id, status: 1 as const, schedule: [{ weekday: 9, start_time: '00:00', end_time: '24:00' }] })),
            skills: [
              { id: 'bench-default', name: 'General', is_default: true },
              { id: 'bench-billing', name: 'Billing', agent_ids: agents.slice(0, 5).map((a) => a.open_id) },
              { id: 'bench-network', name: 'Network', agent_ids: agents.slice(5, 12).map((a) => a.open_id) },
            ],
          },
        ],
      },
    ],
  };
}
