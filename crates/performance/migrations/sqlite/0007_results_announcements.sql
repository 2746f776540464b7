-- Results announcements (SQLite): whether subscribers were told that a stage's results opened
-- (`performance.stage_task.open_result_v2`). The flag is set in the transaction that stores the
-- announcement, only where it is still clear, so that each opening is announced once whichever
-- replica notices it.
-- (Conventions: the platform's first migration.)

ALTER TABLE stages ADD COLUMN results_announced BIGINT NOT NULL DEFAULT 0;

-- Results already open on their tenant's clock opened before any app could subscribe to the
-- event: nobody is owed an announcement.
UPDATE stages SET results_announced = 1
WHERE results_open_ms IS NOT NULL
  AND results_open_ms <= (
    SELECT COALESCE(t.clock_fixed_ms,
                    CAST(strftime('%s', 'now') AS BIGINT) * 1000 + t.clock_offset_ms)
    FROM tenants t WHERE t.tenant_key = stages.tenant_key);

-- Every replica looks for openings not announced yet once a second.
CREATE INDEX stages_unannounced ON stages (results_open_ms)
    WHERE results_announced = 0 AND results_open_ms IS NOT NULL;
