-- Per-tenant isolation of AURORA's PostgreSQL tables with row-level security (docs/security.md).
--
-- AURORA's own role (the one whose first job ran the migrations) owns the privacy ledger
-- (privacy_budget, privacy_release) and the feedback inbox (feedback_inbox,
-- feedback_inbox_consumption); as owner it bypasses the policies below and serves every tenant. Each
-- tenant then gets a role of its own, which sees and changes only that tenant's rows: a job or an
-- application connecting as it cannot read another tenant's inbox, spend or reset another tenant's
-- budget, or write rows under another tenant's name.
--
-- Run this file once per database as the owner of those tables, with the schemas first on the search
-- path (it creates two functions there), then call them:
--   SET search_path = public;                                  -- where the ledger's tables are
--   \i conf/postgres/tenant-isolation.sql
--   SELECT aurora_enable_tenant_isolation('public', 'aurora_inbox');
--   CREATE ROLE aurora_acme LOGIN;  \password aurora_acme     -- the tenant's role, password set interactively
--   SELECT aurora_grant_tenant('public', 'aurora_inbox', 'acme', 'aurora_acme');
-- Re-running either function is harmless. Tested by TenantRowLevelSecurityTest against PostgreSQL.

CREATE OR REPLACE FUNCTION aurora_enable_tenant_isolation(ledger_schema text, inbox_schema text)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
BEGIN
  -- which role may act for which tenant; readable by the owner only
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I.aurora_tenant_grant (
      tenant  varchar(128) NOT NULL,
      grantee name         NOT NULL,
      PRIMARY KEY (tenant, grantee))', ledger_schema);
  EXECUTE format('REVOKE ALL ON %I.aurora_tenant_grant FROM PUBLIC', ledger_schema);
  -- The policies' test. SECURITY DEFINER so that tenant roles need no access to the grant table; the
  -- role asking is passed in by the policy (current_user there is the invoker's), never chosen by a caller.
  EXECUTE format($f$
    CREATE OR REPLACE FUNCTION %1$I.aurora_tenant_allowed(row_tenant text, asking name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $b$
      SELECT EXISTS (SELECT 1 FROM %1$I.aurora_tenant_grant g
                      WHERE g.tenant = row_tenant AND pg_catalog.pg_has_role(asking, g.grantee, 'MEMBER'))
    $b$$f$, ledger_schema);
  EXECUTE format('REVOKE ALL ON FUNCTION %I.aurora_tenant_allowed(text, name) FROM PUBLIC', ledger_schema);
  FOR t IN SELECT * FROM (VALUES (ledger_schema, 'privacy_budget'), (ledger_schema, 'privacy_release'),
                                 (inbox_schema, 'feedback_inbox'), (inbox_schema, 'feedback_inbox_consumption')) AS v(s, n)
  LOOP
    EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', t.s, t.n);
    EXECUTE format('DROP POLICY IF EXISTS aurora_tenant ON %I.%I', t.s, t.n);
    -- USING hides and protects other tenants' rows; WITH CHECK refuses writing a row under their name
    EXECUTE format('CREATE POLICY aurora_tenant ON %I.%I USING (%I.aurora_tenant_allowed(tenant, current_user))'
                   ' WITH CHECK (%I.aurora_tenant_allowed(tenant, current_user))', t.s, t.n, ledger_schema, ledger_schema);
  END LOOP;
END
$fn$;

CREATE OR REPLACE FUNCTION aurora_grant_tenant(ledger_schema text, inbox_schema text, tenant text, grantee name)
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF tenant !~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$' THEN
    RAISE EXCEPTION 'not a tenant identifier: %', tenant;
  END IF;
  EXECUTE format('INSERT INTO %I.aurora_tenant_grant (tenant, grantee) VALUES (%L, %L) ON CONFLICT DO NOTHING',
                 ledger_schema, tenant, grantee);
  EXECUTE format('GRANT USAGE ON SCHEMA %I, %I TO %I', ledger_schema, inbox_schema, grantee);
  EXECUTE format('GRANT EXECUTE ON FUNCTION %I.aurora_tenant_allowed(text, name) TO %I', ledger_schema, grantee);
  -- the ledger: read and debit (a budget row is inserted on a dataset's first release, updated after)
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I.privacy_budget, %I.privacy_release TO %I',
                 ledger_schema, ledger_schema, grantee);
  -- the inbox: producers insert, feedback --from-postgres reads and marks consumed
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I.feedback_inbox TO %I', inbox_schema, grantee);
  EXECUTE format('GRANT SELECT, INSERT ON %I.feedback_inbox_consumption TO %I', inbox_schema, grantee);
  EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', inbox_schema, grantee);
  -- the jobs check the migrations on start: the history tables are read, never written, by tenant roles
  EXECUTE format('GRANT SELECT ON %I.flyway_ledger_history TO %I', ledger_schema, grantee);
  EXECUTE format('GRANT SELECT ON %I.flyway_inbox_history TO %I', inbox_schema, grantee);
END
$fn$;
