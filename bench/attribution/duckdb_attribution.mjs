// The attribution rules of docs/attribution-rules.md (A1-A9), written as well as we can in DuckDB SQL:
// the peer that a user would otherwise reach for. Prints month,partner_id,tenant_id,subscription_id,association,cost
// (sorted) and the time the query took on stderr. Reads the Azure cost-export usage layout.
//   node duckdb_attribution.mjs DATASET_DIR [--threads=N] [--out=FILE]
import { DuckDBInstance } from "@duckdb/node-api";
import path from "node:path";

const dir = process.argv[2];
const threads = (process.argv.find(a => a.startsWith("--threads=")) || "--threads=2").split("=")[1];
const outFile = (process.argv.find(a => a.startsWith("--out=")) || "").split("=")[1];
const f = n => `'${path.join(dir, n + ".csv")}'`;
const db = await DuckDBInstance.create(":memory:", { threads });
const c = await db.connect();
const t0 = performance.now();
const q = async s => c.run(s);
const csv = n => `read_csv(${f(n)}, header=true, all_varchar=true)`;
await q(`create table subs as select lower(subscription_id) as sub, lower(tenant_id) as tenant, offer, state,
           lower(management_group_id) as mg from ${csv("subscriptions")}`);
await q(`create table mg as select lower(group_id) as g, lower(coalesce(parent_group_id,'')) as p from ${csv("management_groups")}`);
await q(`create table principals as select lower(object_id) as o, lower(tenant_id) as t from ${csv("principals")}`);
await q(`create table sub_scopes as
  with recursive anc(sub, g, depth) as (
    select sub, mg, 0 from subs where coalesce(mg,'') <> ''
    union all select anc.sub, mg.p, depth + 1 from anc join mg on mg.g = anc.g where mg.p <> '' and depth < 64)
  select sub, '/providers/microsoft.management/managementgroups/' || g as scope from anc
  union all select sub, '/subscriptions/' || sub as scope from subs
  union all select sub, '/' from subs`);
const ts = c => `strptime(nullif(${c},''), '%Y-%m-%dT%H:%M:%SZ')`;
// grants in force: (scope, principal, link tenant, local?, from, to)
await q(`create table grants as
  select case when rtrim(lower(r.scope),'/') = '' then '/' else rtrim(lower(r.scope),'/') end as scope,
         lower(r.principal_id) as o, p.t as lt, true as local, ${ts("r.created_at")} as a, ${ts("r.deleted_at")} as b
    from ${csv("role_assignments")} r left join principals p on p.o = lower(r.principal_id)
  union all
  select rtrim(lower(scope),'/'), lower(principal_id), lower(managing_tenant_id), false,
         ${ts("created_at")}, ${ts("deleted_at")} from ${csv("lighthouse")}`);
await q(`create table links as select lower(tenant_id) as t, lower(object_id) as o, partner_id as p,
           ${ts("linked_at")} as a, ${ts("unlinked_at")} as b from ${csv("partner_links")}`);
// usage summed per (subscription, resource, day): attribution only depends on those
await q(`create table usage as
  select lower("SubscriptionId") as sub, lower("ResourceId") as rid,
         case when "Date" like '%/%' then strptime("Date", '%m/%d/%Y')::date else "Date"::date end as d,
         sum(cast("CostInBillingCurrency" as double)) as cost
    from read_csv(${f("usage")}, header=true, all_varchar=true) group by all`);
await q(`create table days as select distinct d from usage`);
// (scope, day, partner, link tenant, local) in force at the end of the day
await q(`create table scope_day as
  select distinct g.scope, days.d, l.p, g.lt, g.local
    from grants g join links l on l.t = g.lt and l.o = g.o
    cross join days
   where g.a <= days.d + interval '23:59:59' and (g.b is null or days.d + interval '23:59:59' < g.b)
     and l.a <= days.d + interval '23:59:59' and (l.b is null or days.d + interval '23:59:59' < l.b)`);
// partners reaching a whole subscription (root, management groups, the subscription itself)
await q(`create table sub_day as
  select distinct ss.sub, sd.d, sd.p from scope_day sd join sub_scopes ss on ss.scope = sd.scope
    join subs s on s.sub = ss.sub where not sd.local or sd.lt = s.tenant`);
// partners reaching resource groups and resources
await q(`create table res_day as
  select distinct sd.scope, sd.d, sd.p, sd.lt, sd.local from scope_day sd
   where sd.scope like '/subscriptions/%/%'`);
await q(`create table fine_subs as select distinct split_part(scope, '/', 3) as sub from res_day`);
await q(`create table credited as
  select u.sub, u.rid, u.d, x.p from usage u join sub_day x on x.sub = u.sub and x.d = u.d
  union
  select u.sub, u.rid, u.d, r.p from (
      select sub, rid, d, unnest(list_transform(list_concat([5], range(9, len(string_split(rid,'/')) + 1, 2)),
                      k -> array_to_string(string_split(rid,'/')[1:k], '/'))) as scope
        from usage where sub in (select sub from fine_subs)) u
    join subs s on s.sub = u.sub
    join res_day r on r.scope = u.scope and r.d = u.d and (not r.local or r.lt = s.tenant)`);
const res = await c.runAndReadAll(`
  with pal as (
    select strftime(u.d, '%Y-%m') as month, cr.p as partner_id, s.tenant as tenant_id, u.sub as subscription_id,
           'PAL' as association, u.cost
      from credited cr join usage u on u.sub = cr.sub and u.rid = cr.rid and u.d = cr.d
      join subs s on s.sub = u.sub
     where s.state not in ('Disabled','Deleted')),
  dp as (
    select strftime(u.d, '%Y-%m'), x.partner_id, s.tenant, u.sub, 'DPOR', u.cost
      from usage u join subs s on s.sub = u.sub
      join ${csv("dpor")} x on lower(x.subscription_id) = u.sub
     where s.offer = 'EnterpriseAgreement' and s.state not in ('Disabled','Deleted')
       and ${ts("x.assigned_at")} <= u.d + interval '23:59:59'
       and (nullif(x.removed_at,'') is null or u.d + interval '23:59:59' < ${ts("x.removed_at")})
       and not exists (select 1 from credited cr where cr.sub = u.sub and cr.rid = u.rid and cr.d = u.d
                                                   and cr.p = x.partner_id))
  select month, partner_id, tenant_id, subscription_id, association, printf('%.6f', sum(cost)) as cost
    from (select * from pal union all select * from dp)
   group by all order by all`);
const ms = performance.now() - t0;
const lines = ["month,partner_id,tenant_id,subscription_id,association,cost",
  ...res.getRows().map(r => r.join(","))];
const text = lines.join("\n") + "\n";
if (outFile) { (await import("node:fs")).writeFileSync(outFile, text); } else { process.stdout.write(text); }
process.stderr.write(`duckdb_ms=${ms.toFixed(0)}\n`);
