-- Event pushes (SQLite): what each app subscribes to, the outbox of events to push (one row per
-- event and delivery channel, written in the transaction of the change that caused the event),
-- and every delivery attempt. (Conventions: the platform's first migration.)

CREATE TABLE event_subscriptions (
    app_id             TEXT PRIMARY KEY REFERENCES apps (app_id) ON DELETE CASCADE,
    tenant_key         TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    -- A JSON list of event types.
    event_types        TEXT NOT NULL,
    request_url        TEXT,
    long_connection    BIGINT NOT NULL,
    verification_token TEXT NOT NULL,
    encrypt_key        TEXT NOT NULL
);
CREATE INDEX event_subscriptions_tenant ON event_subscriptions (tenant_key);

CREATE TABLE event_deliveries (
    event_id        TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('webhook', 'long_connection')),
    tenant_key      TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    app_id          TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    create_time_ms  BIGINT NOT NULL,
    -- The event's body, the vendor's JSON exactly as it is pushed.
    event           TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        BIGINT NOT NULL,
    next_attempt_ms BIGINT NOT NULL,
    delivered_at_ms BIGINT,
    -- Which replica's dispatcher holds the delivery, until when (real time).
    lease_owner     TEXT,
    lease_until_ms  BIGINT,
    PRIMARY KEY (event_id, channel)
);
CREATE INDEX event_deliveries_due ON event_deliveries (state, channel, next_attempt_ms);
CREATE INDEX event_deliveries_tenant ON event_deliveries (tenant_key, event_id);

CREATE TABLE event_attempts (
    event_id    TEXT NOT NULL,
    channel     TEXT NOT NULL,
    attempt     BIGINT NOT NULL,
    tenant_key  TEXT NOT NULL REFERENCES tenants (tenant_key) ON DELETE CASCADE,
    at_ms       BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    replica     TEXT NOT NULL,
    -- The request URL, or the long connection's device_id.
    target      TEXT NOT NULL,
    delivered   BIGINT NOT NULL,
    -- The HTTP status, or the code of the client's acknowledgement.
    status      BIGINT,
    detail      TEXT NOT NULL,
    PRIMARY KEY (event_id, channel, attempt),
    FOREIGN KEY (event_id, channel) REFERENCES event_deliveries (event_id, channel) ON DELETE CASCADE
);
