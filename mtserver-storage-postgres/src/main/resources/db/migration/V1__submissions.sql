-- One row per form submission: the record a line of submissions.jsonl holds (docs/adr/0031).
CREATE TABLE mtserver_submissions (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- when the server received it (JSONL "time"), to the microsecond
    received_at    timestamptz NOT NULL,
    -- the page the form was posted to (JSONL "path")
    path           text        NOT NULL,
    -- the client's address as text (JSONL "remoteAddress")
    remote_address text        NOT NULL,
    -- the fields in the order they were sent, repeated names kept: an array of
    -- {"name": ..., "value": ...} objects (an object keyed by name would lose both)
    fields         jsonb       NOT NULL CHECK (jsonb_typeof(fields) = 'array'),
    -- the names under which files sent with the form were stored (JSONL "files"; empty if none)
    files          text[]      NOT NULL DEFAULT '{}'
);

CREATE INDEX mtserver_submissions_received_at ON mtserver_submissions (received_at);
