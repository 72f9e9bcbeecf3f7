-- Policy engine schema; Flyway runs it in the configured schema (default "policy").
create table tenants (
    id         text primary key,
    name       text        not null,
    created_at timestamptz not null default now()
);

create table teams (
    id         text primary key,
    tenant_id  text        not null references tenants (id) on delete cascade,
    name       text        not null,
    created_at timestamptz not null default now()
);

create table users (
    id         text primary key,
    tenant_id  text        not null references tenants (id) on delete cascade,
    team_id    text references teams (id) on delete set null,
    email      text,
    created_at timestamptz not null default now()
);

create table api_keys (
    id             text primary key,
    tenant_id      text        not null references tenants (id) on delete cascade,
    team_id        text,
    user_id        text,
    prefix         text        not null,
    hash           text        not null unique,
    status         text        not null,
    expires_at     timestamptz,
    allowed_models text[]      not null default '{}',
    metadata       text        not null default '{}',
    replaced_by    text,
    created_at     timestamptz not null default now()
);

create table policies (
    id         text primary key,
    scope      text        not null,
    subject    text        not null,
    tenant_id  text references tenants (id) on delete cascade,
    limits     text        not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index policies_target on policies (scope, subject);

-- Settled spend per budget bucket (tenant|p:<policy>:usd-day:<yyyyMMdd>), what budgets are rebuilt from after a Redis restart.
create table spend (
    bucket     text primary key,
    micro_usd  bigint      not null,
    updated_at timestamptz not null default now()
);
