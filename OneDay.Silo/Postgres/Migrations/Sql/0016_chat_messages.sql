-- Chat messages (issue 20), one row each, in the communication database. A conversation grain appends each message
-- before it answers the send, instead of rewriting its state with its recent messages on every send. The primary
-- key refuses a sequence taken by another activation of the same conversation; the unique client message id per
-- sender makes a retried send a no-op. Rows are never updated or deleted: the trigger refuses both.
CREATE TABLE IF NOT EXISTS oneday_chat_messages
(
    conversation_id   uuid         NOT NULL,
    sequence          bigint       NOT NULL,
    sender_id         uuid         NOT NULL,
    client_message_id varchar(64)  NOT NULL,
    text              text         NOT NULL,
    sent_at           timestamptz  NOT NULL,
    CONSTRAINT pk_oneday_chat_messages PRIMARY KEY (conversation_id, sequence),
    CONSTRAINT uq_oneday_chat_messages_client_id UNIQUE (conversation_id, sender_id, client_message_id)
);

-- Each sender's newest message, read when a conversation activates (a sender has read what they wrote).
CREATE INDEX IF NOT EXISTS ix_oneday_chat_messages_sender ON oneday_chat_messages (conversation_id, sender_id, sequence);

CREATE OR REPLACE FUNCTION oneday_chat_messages_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'oneday_chat_messages is append-only';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS tr_oneday_chat_messages_append_only ON oneday_chat_messages;
CREATE TRIGGER tr_oneday_chat_messages_append_only
    BEFORE UPDATE OR DELETE ON oneday_chat_messages
    FOR EACH ROW EXECUTE FUNCTION oneday_chat_messages_append_only();
