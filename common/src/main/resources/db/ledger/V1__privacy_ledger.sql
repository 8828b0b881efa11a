-- Privacy ledger (SPEC §4): one budget row per (tenant, dataset, partition) and one row per release.
-- partition_key '' is the whole dataset (identifiers can never be empty, so '' is unambiguous).
-- Amounts are exact decimals so that repeated debits of e.g. 0.1 add up to exactly 1.0.
CREATE TABLE privacy_budget (
  tenant         VARCHAR(128)   NOT NULL,
  dataset        VARCHAR(128)   NOT NULL,
  partition_key  VARCHAR(128)   NOT NULL,
  epsilon_spent  DECIMAL(24,12) NOT NULL,
  delta_spent    DECIMAL(24,18) NOT NULL,
  releases       INTEGER        NOT NULL,
  PRIMARY KEY (tenant, dataset, partition_key)
);

CREATE TABLE privacy_release (
  tenant         VARCHAR(128)   NOT NULL,
  dataset        VARCHAR(128)   NOT NULL,
  partition_key  VARCHAR(128)   NOT NULL,
  release_id     VARCHAR(128)   NOT NULL,
  epsilon        DECIMAL(24,12) NOT NULL,
  delta          DECIMAL(24,18) NOT NULL,
  mechanisms     VARCHAR(1000)  NOT NULL,
  released_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant, dataset, partition_key, release_id)
);

CREATE INDEX privacy_release_by_tenant ON privacy_release (tenant, released_at);
