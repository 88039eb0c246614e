-- Manual adjustments (issue 19): an admin's correction of a user's balance moves money between the user's account
-- and the platform's adjustment account, which, like provider clearing, may be negative (the platform's own money
-- given or taken back). Every other account still may not go below zero.
ALTER TABLE oneday_ledger_balances DROP CONSTRAINT IF EXISTS ck_oneday_ledger_balances_not_negative;
ALTER TABLE oneday_ledger_balances ADD CONSTRAINT ck_oneday_ledger_balances_not_negative
    CHECK (balance >= 0 OR account_kind IN ('provider-clearing', 'platform-adjustments'));
