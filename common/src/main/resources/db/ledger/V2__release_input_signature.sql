-- The input signature of each release (InputSignature: SHA-256 over the input files' paths, sizes and
-- modification times and the read and privacy options; no data), so that a profile run learns from the
-- ledger alone that no earlier release of its input exists, without reading the runs table (a Delta
-- read of several seconds on every run). Releases recorded before this version have
-- signature_recorded false: for their keys the runs table is still consulted.
ALTER TABLE privacy_release ADD COLUMN input_signature VARCHAR(128);
ALTER TABLE privacy_release ADD COLUMN signature_recorded BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX privacy_release_by_signature ON privacy_release (tenant, dataset, partition_key, input_signature);
