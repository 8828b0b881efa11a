-- Per-tenant isolation of AURORA's PostgreSQL tables with row-level security (docs/security.md).
--
-- AURORA's own role (the one whose first job ran the migrations) owns the privacy ledger and the
-- feedback inbox; as owner it bypasses the policies below and serves every tenant. Each tenant then
-- gets a role of its own, with which AURORA's jobs do everything the ledger does for that tenant (first
-- release of a dataset, later debits, the quota, committing or voiding a release, privacy-budget,
-- privacy-report) and an application feeds the inbox, but which sees and changes only that tenant's rows:
--   * row-level security on every table with a tenant column: privacy_tenant (the lock and quota row),
--     privacy_dataset (lifetime budgets), privacy_budget_change, privacy_budget, privacy_release,
--     feedback_inbox, feedback_inbox_consumption. Rows a forget left under the tenant's keyed form
--     stay the tenant's, so their spend still counts;
--   * privacy_ledger_secret (the key of the keyed forms) and privacy_input (every tenant's keyed input
--     identities) have no tenant column and stay the owner's. A tenant role gets its keyed forms from
--     aurora_ledger_keyed (only for the tenants it acts for) and locks an input identity with
--     aurora_ledger_lock_input: SECURITY DEFINER functions with a fixed search_path, EXECUTE revoked
--     from PUBLIC and granted per tenant role;
--   * no DELETE: forgetting (aurora forget) is the owner's.
-- A tenant role cannot read, debit, reset or write another tenant's rows, nor read the secret or the
-- grants. It can change its own tenant's budget, as the privacy-budget command does.
--
-- Run this file once per database as the owner of those tables, with the schemas first on the search
-- path (it creates two functions there), after AURORA's first job as the owner has created the tables
-- and the ledger's secret, then call them:
--   SET search_path = public;                                  -- where the ledger's tables are
--   \i conf/postgres/tenant-isolation.sql
--   SELECT aurora_enable_tenant_isolation('public', 'aurora_inbox');
--   CREATE ROLE aurora_acme LOGIN;  \password aurora_acme     -- the tenant's role, password set interactively
--   SELECT aurora_grant_tenant('public', 'aurora_inbox', 'acme', 'aurora_acme');
-- Re-running the file and either function is harmless and brings policies, functions and grants up to
-- date. Tested by TenantRowLevelSecurityTest, with AURORA's ledger and inbox code connected as tenant
-- roles, against PostgreSQL.

CREATE OR REPLACE FUNCTION aurora_enable_tenant_isolation(ledger_schema text, inbox_schema text)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
  has_secret boolean;
BEGIN
  -- keyed identifiers need the ledger's secret, which the owner's first AURORA job creates with the tables
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.privacy_ledger_secret WHERE id = 1)', ledger_schema) INTO has_secret;
  IF NOT has_secret THEN
    RAISE EXCEPTION 'the privacy ledger in schema % has no secret yet: run one AURORA job as its owner first', ledger_schema;
  END IF;
  -- which role may act for which tenant, and that tenant's keyed form (the tenant of rows a forget left); the owner's only
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I.aurora_tenant_grant (
      tenant  varchar(128) NOT NULL,
      grantee name         NOT NULL,
      PRIMARY KEY (tenant, grantee))', ledger_schema);
  EXECUTE format('ALTER TABLE %I.aurora_tenant_grant ADD COLUMN IF NOT EXISTS keyed_tenant varchar(128)', ledger_schema);
  EXECUTE format('REVOKE ALL ON %I.aurora_tenant_grant FROM PUBLIC', ledger_schema);
  -- the secret and the input identities of every tenant stay the owner's (no tenant column can scope them)
  EXECUTE format('REVOKE ALL ON %I.privacy_ledger_secret, %I.privacy_input FROM PUBLIC', ledger_schema, ledger_schema);

  -- HMAC-SHA-256 of kind, then each part after a zero byte, under the ledger's secret: exactly the keyed
  -- forms AURORA computes itself (KeyedForms). Not SECURITY DEFINER and not granted: only the owner, and
  -- the owner's functions below, can read the secret it needs.
  EXECUTE format($f$
    CREATE OR REPLACE FUNCTION %1$I.aurora_ledger_mac(kind text, parts text[]) RETURNS text
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $b$
    DECLARE
      k bytea;
      inner_key bytea;
      outer_key bytea;
      msg bytea := convert_to(kind, 'UTF8');
      part text;
    BEGIN
      SELECT decode(s.secret, 'hex') INTO k FROM %1$I.privacy_ledger_secret s WHERE s.id = 1;
      IF k IS NULL THEN
        RAISE EXCEPTION 'the privacy ledger has no secret yet';
      END IF;
      IF parts IS NULL OR array_position(parts, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'no part of a keyed identifier may be null' USING ERRCODE = 'invalid_parameter_value';
      END IF;
      IF length(k) > 64 THEN
        k := sha256(k);
      END IF;
      k := k || decode(repeat('00', 64 - length(k)), 'hex');
      inner_key := k;
      outer_key := k;
      FOR i IN 0..63 LOOP
        inner_key := set_byte(inner_key, i, get_byte(k, i) # 54);   -- ipad 0x36
        outer_key := set_byte(outer_key, i, get_byte(k, i) # 92);   -- opad 0x5c
      END LOOP;
      FOREACH part IN ARRAY parts LOOP
        msg := msg || decode('00', 'hex') || convert_to(part, 'UTF8');
      END LOOP;
      RETURN encode(sha256(outer_key || sha256(inner_key || msg)), 'hex');
    END
    $b$$f$, ledger_schema);
  EXECUTE format('REVOKE ALL ON FUNCTION %I.aurora_ledger_mac(text, text[]) FROM PUBLIC', ledger_schema);

  -- The policies' test: the row's tenant, or its keyed form, is one the asking role acts for. SECURITY
  -- DEFINER so that tenant roles need no access to the grant table; the role asking is passed in by the
  -- policy (current_user there is the invoker's), never chosen by a caller.
  EXECUTE format($f$
    CREATE OR REPLACE FUNCTION %1$I.aurora_tenant_allowed(row_tenant text, asking name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $b$
      SELECT EXISTS (SELECT 1 FROM %1$I.aurora_tenant_grant g
                      WHERE (g.tenant = row_tenant OR g.keyed_tenant = row_tenant)
                        AND pg_catalog.pg_has_role(asking, g.grantee, 'MEMBER'))
    $b$$f$, ledger_schema);
  EXECUTE format('REVOKE ALL ON FUNCTION %I.aurora_tenant_allowed(text, name) FROM PUBLIC', ledger_schema);

  -- The keyed forms a tenant's role needs without reading the secret: identifiers of the tenants the role
  -- logged in as (session_user: a SECURITY DEFINER function cannot see its caller's current_user) acts
  -- for, and input identities (a digest of input files, useless without the files) for any tenant role.
  EXECUTE format($f$
    CREATE OR REPLACE FUNCTION %1$I.aurora_ledger_keyed(kind text, parts text[]) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $b$
    DECLARE
      expected int := CASE kind WHEN 'tenant' THEN 1 WHEN 'partition' THEN 3 WHEN 'input' THEN 1 ELSE 2 END;
    BEGIN
      IF kind IN ('tenant', 'dataset', 'partition', 'run') THEN
        IF cardinality(parts) IS DISTINCT FROM expected THEN
          RAISE EXCEPTION 'wrong number of parts for a keyed %%', kind USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF NOT %1$I.aurora_tenant_allowed(parts[1], session_user) THEN
          RAISE EXCEPTION 'role %% does not act for tenant %%', session_user, parts[1] USING ERRCODE = 'insufficient_privilege';
        END IF;
      ELSIF kind = 'input' THEN
        IF cardinality(parts) IS DISTINCT FROM 1 THEN
          RAISE EXCEPTION 'wrong number of parts for a keyed input' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM %1$I.aurora_tenant_grant g WHERE pg_has_role(session_user, g.grantee, 'MEMBER')) THEN
          RAISE EXCEPTION 'role %% acts for no tenant', session_user USING ERRCODE = 'insufficient_privilege';
        END IF;
      ELSE
        RAISE EXCEPTION 'unknown kind of keyed identifier: %%', kind USING ERRCODE = 'invalid_parameter_value';
      END IF;
      RETURN %1$I.aurora_ledger_mac(kind, parts);
    END
    $b$$f$, ledger_schema);
  EXECUTE format('REVOKE ALL ON FUNCTION %I.aurora_ledger_keyed(text, text[]) FROM PUBLIC', ledger_schema);

  -- A debit of a keyed input identity locks its row until the debit ends (the same input debited at the
  -- same time under another key, also of another tenant, waits): the table has no tenant column, so
  -- tenant roles may not read it and lock it only through this function, which tells them nothing.
  EXECUTE format($f$
    CREATE OR REPLACE FUNCTION %1$I.aurora_ledger_lock_input(keyed_identity text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $b$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM %1$I.aurora_tenant_grant g WHERE pg_has_role(session_user, g.grantee, 'MEMBER')) THEN
        RAISE EXCEPTION 'role %% acts for no tenant', session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF keyed_identity IS NULL OR keyed_identity !~ '^i[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'not a keyed input identity' USING ERRCODE = 'invalid_parameter_value';
      END IF;
      INSERT INTO %1$I.privacy_input (input_identity) VALUES (keyed_identity) ON CONFLICT DO NOTHING;
      PERFORM 1 FROM %1$I.privacy_input i WHERE i.input_identity = keyed_identity FOR UPDATE;
    END
    $b$$f$, ledger_schema);
  EXECUTE format('REVOKE ALL ON FUNCTION %I.aurora_ledger_lock_input(text) FROM PUBLIC', ledger_schema);

  -- every grant carries its tenant's keyed form (re-running fills in any grant that lacks it)
  EXECUTE format('UPDATE %1$I.aurora_tenant_grant SET keyed_tenant = ''~'' || %1$I.aurora_ledger_mac(''tenant'', ARRAY[tenant::text])'
                 ' WHERE keyed_tenant IS NULL', ledger_schema);

  FOR t IN SELECT * FROM (VALUES (ledger_schema, 'privacy_budget'), (ledger_schema, 'privacy_release'),
                                 (ledger_schema, 'privacy_dataset'), (ledger_schema, 'privacy_budget_change'),
                                 (ledger_schema, 'privacy_tenant'),
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
  EXECUTE format('INSERT INTO %1$I.aurora_tenant_grant (tenant, grantee, keyed_tenant)'
                 ' VALUES (%2$L, %3$L, ''~'' || %1$I.aurora_ledger_mac(''tenant'', ARRAY[%2$L::text]))'
                 ' ON CONFLICT (tenant, grantee) DO UPDATE SET keyed_tenant = EXCLUDED.keyed_tenant',
                 ledger_schema, tenant, grantee);
  EXECUTE format('GRANT USAGE ON SCHEMA %I, %I TO %I', ledger_schema, inbox_schema, grantee);
  EXECUTE format('GRANT EXECUTE ON FUNCTION %1$I.aurora_tenant_allowed(text, name), %1$I.aurora_ledger_keyed(text, text[]),'
                 ' %1$I.aurora_ledger_lock_input(text) TO %2$I', ledger_schema, grantee);
  -- the ledger, as a debit uses it: the tenant's lock row (SELECT … FOR UPDATE needs UPDATE), its datasets'
  -- lifetime budgets (set on a first release, changed by privacy-budget), their history, the budget rows
  -- and the releases (debited, then committed or voided); no DELETE: forget is the owner's
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %1$I.privacy_tenant, %1$I.privacy_dataset, %1$I.privacy_budget,'
                 ' %1$I.privacy_release TO %2$I', ledger_schema, grantee);
  EXECUTE format('GRANT SELECT, INSERT ON %I.privacy_budget_change TO %I', ledger_schema, grantee);
  -- the inbox: producers insert, feedback --from-postgres reads and marks consumed
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I.feedback_inbox TO %I', inbox_schema, grantee);
  EXECUTE format('GRANT SELECT, INSERT ON %I.feedback_inbox_consumption TO %I', inbox_schema, grantee);
  EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', inbox_schema, grantee);
  -- the jobs check the migrations on start: the history tables are read, never written, by tenant roles
  EXECUTE format('GRANT SELECT ON %I.flyway_ledger_history TO %I', ledger_schema, grantee);
  EXECUTE format('GRANT SELECT ON %I.flyway_inbox_history TO %I', inbox_schema, grantee);
END
$fn$;
