-- Creates the daily partition of usage_events for one UTC day if it is missing, moving any rows of that day
-- that landed in the default partition meanwhile. Serialised by an advisory lock across pipeline instances.
CREATE FUNCTION usage_ensure_partition(day date) RETURNS boolean LANGUAGE plpgsql AS
$$
DECLARE
    part text := 'usage_events_p' || to_char(day, 'YYYYMMDD');
    lo   timestamptz := day::timestamp AT TIME ZONE 'UTC';
    hi   timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.usage_partitions'));
    IF to_regclass(quote_ident(current_schema()) || '.' || part) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE usage_events INCLUDING DEFAULTS)', part);
    EXECUTE format('WITH moved AS (DELETE FROM usage_events_default WHERE received_at >= $1 AND received_at < $2 RETURNING *)'
                   ' INSERT INTO %I SELECT * FROM moved', part) USING lo, hi;
    EXECUTE format('ALTER TABLE usage_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    RETURN true;
END
$$;

-- Drops the daily partitions (and default-partition rows) older than the given UTC day: raw-event retention.
-- Rollups are kept; only minute rollups have their own retention (see the application).
CREATE FUNCTION usage_drop_partitions_before(day date) RETURNS integer LANGUAGE plpgsql AS
$$
DECLARE
    r record;
    n integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.usage_partitions'));
    FOR r IN
        SELECT c.relname
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'usage_events'::regclass
          AND c.relname ~ '^usage_events_p[0-9]{8}$'
          AND to_date(substr(c.relname, 15), 'YYYYMMDD') < day
    LOOP
        EXECUTE format('DROP TABLE %I', r.relname);
        n := n + 1;
    END LOOP;
    DELETE FROM usage_events_default WHERE received_at < day::timestamp AT TIME ZONE 'UTC';
    RETURN n;
END
$$;
