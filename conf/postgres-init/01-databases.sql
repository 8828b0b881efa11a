-- Roles and databases of the compose stack, one per client: AURORA (ledger, feedback inbox), MLflow
-- (tracking store) and Airflow (metadata). Run once by the postgres image on an empty data volume, as
-- the superuser; each password is read from its compose secret file, never written here or passed on
-- a command line.
DO $$
DECLARE
  client text;
BEGIN
  FOREACH client IN ARRAY ARRAY['aurora', 'mlflow', 'airflow'] LOOP
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', client,
        btrim(pg_read_file('/run/secrets/' || client || '_db_password'), E' \n\r\t'));
  END LOOP;
END
$$;
CREATE DATABASE aurora OWNER aurora;
CREATE DATABASE mlflow OWNER mlflow;
CREATE DATABASE airflow OWNER airflow;
-- nobody but the owner connects to a client's database
REVOKE CONNECT, TEMPORARY ON DATABASE aurora, mlflow, airflow FROM PUBLIC;
