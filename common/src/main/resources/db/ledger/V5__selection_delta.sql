-- Ledger v5: the δ of differentially private key selection, spent outright beside ρ.
--
-- A thresholded key selection (JSON-lines keys) is (ρ, δ_sel)-approximate zCDP: δ_sel, the chance that
-- a key present in only one of two neighbouring datasets passes the threshold, is not a conversion of
-- ρ and adds up over a dataset's lifetime on its own. The lifetime (ε, δ) guarantee then holds while
-- ε(Σρ, δ − Σδ_sel) ≤ ε, so the ledger must know Σδ_sel per (tenant, dataset, partition).
-- Recorded rounded up, like every spent amount, at the scale of ρ so that a δ_sel of 1e-12 or 1e-15
-- is kept exactly. Releases before this version selected no keys: 0.
ALTER TABLE privacy_release ADD COLUMN selection_delta DECIMAL(40,30) DEFAULT 0 NOT NULL;
ALTER TABLE privacy_budget ADD COLUMN selection_delta_spent DECIMAL(40,30) DEFAULT 0 NOT NULL;
