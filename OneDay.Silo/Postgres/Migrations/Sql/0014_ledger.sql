-- The payments ledger (issue 19): double entry, append-only, ledger-first.
--
-- Every money movement is one row in oneday_ledger_transactions and two or more rows in oneday_ledger_postings
-- whose amounts sum to zero, appended by one statement (PostgresLedgerStore) that also moves each account's
-- balance in oneday_ledger_balances: one commit, so no reader sees half a movement and a crash leaves it
-- done or not done. The balance rows are what concurrent movements serialise on (row locks taken in account
-- order, so they cannot deadlock), and the CHECK below is what stops an overdraft: a movement that would take
-- any account but the provider's clearing account below zero fails whole, whichever grain or silo sent it.
-- The transaction id is the movement's idempotency key: a second insert of it does nothing.
-- Kinds are kebab-case names (employer-available, top-up, ...), as LedgerNames in the grain contracts.
CREATE TABLE IF NOT EXISTS oneday_ledger_transactions
(
    position    bigint GENERATED ALWAYS AS IDENTITY,
    id          uuid        NOT NULL,
    kind        text        NOT NULL,
    reference   text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_oneday_ledger_transactions PRIMARY KEY (id)
);

CREATE TABLE IF NOT EXISTS oneday_ledger_postings
(
    position       bigint GENERATED ALWAYS AS IDENTITY,
    transaction_id uuid   NOT NULL,
    account_kind   text   NOT NULL,
    owner_id       uuid   NOT NULL,
    assignment_id  uuid   NOT NULL,
    amount         bigint NOT NULL,
    CONSTRAINT pk_oneday_ledger_postings PRIMARY KEY (position),
    CONSTRAINT fk_oneday_ledger_postings_transaction FOREIGN KEY (transaction_id) REFERENCES oneday_ledger_transactions (id),
    CONSTRAINT ck_oneday_ledger_postings_not_zero CHECK (amount <> 0)
);

-- An account's history, newest first, paged by position.
CREATE INDEX IF NOT EXISTS ix_oneday_ledger_postings_account ON oneday_ledger_postings (account_kind, owner_id, assignment_id, position);
CREATE INDEX IF NOT EXISTS ix_oneday_ledger_postings_transaction ON oneday_ledger_postings (transaction_id);

-- Each account's balance, the sum of its postings (GET /api/payments/ledger/verify checks that it is).
CREATE TABLE IF NOT EXISTS oneday_ledger_balances
(
    account_kind  text   NOT NULL,
    owner_id      uuid   NOT NULL,
    assignment_id uuid   NOT NULL,
    balance       bigint NOT NULL,
    CONSTRAINT pk_oneday_ledger_balances PRIMARY KEY (account_kind, owner_id, assignment_id),
    CONSTRAINT ck_oneday_ledger_balances_not_negative CHECK (balance >= 0 OR account_kind = 'provider-clearing')
);

-- A wallet reads all of its owner's accounts (each escrow they fund among them).
CREATE INDEX IF NOT EXISTS ix_oneday_ledger_balances_owner ON oneday_ledger_balances (owner_id);

-- What was appended stays: a mistake is corrected by another transaction. As for the audit log, this guards
-- against the application's own mistakes; verification is what finds a change made around it.
CREATE OR REPLACE FUNCTION oneday_ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END
$fn$;

DROP TRIGGER IF EXISTS oneday_ledger_transactions_append_only ON oneday_ledger_transactions;
CREATE TRIGGER oneday_ledger_transactions_append_only
    BEFORE UPDATE OR DELETE ON oneday_ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION oneday_ledger_append_only();

DROP TRIGGER IF EXISTS oneday_ledger_transactions_no_truncate ON oneday_ledger_transactions;
CREATE TRIGGER oneday_ledger_transactions_no_truncate
    BEFORE TRUNCATE ON oneday_ledger_transactions
    FOR EACH STATEMENT EXECUTE FUNCTION oneday_ledger_append_only();

DROP TRIGGER IF EXISTS oneday_ledger_postings_append_only ON oneday_ledger_postings;
CREATE TRIGGER oneday_ledger_postings_append_only
    BEFORE UPDATE OR DELETE ON oneday_ledger_postings
    FOR EACH ROW EXECUTE FUNCTION oneday_ledger_append_only();

DROP TRIGGER IF EXISTS oneday_ledger_postings_no_truncate ON oneday_ledger_postings;
CREATE TRIGGER oneday_ledger_postings_no_truncate
    BEFORE TRUNCATE ON oneday_ledger_postings
    FOR EACH STATEMENT EXECUTE FUNCTION oneday_ledger_append_only();
