-- sluice_reserve_v1: checks every bucket of one request and, only if all admit, debits them all. Atomic.
-- Time is Redis server time, so instances with skewed clocks share one view.
-- KEYS: two per bucket: state hash, ledger zset (reservation id -> expiry ms); all share one {tenant} hash tag.
-- ARGV: reservation id, hold ms (how long an unsettled reservation pins a slot or budget), bucket count,
--       then five per bucket: kind, limit, cost, window ms, seed.
--   kind r = token bucket (limit per window, refilled continuously); c = concurrency slots;
--   b = strict budget, s = soft budget (limit and cost in micro-USD; window = ms left in the day/month).
--   seed = durable spend to start a missing budget from; -1 when the caller has not looked it up.
-- Returns {1, 0, remaining, reset ms, over, ...} when admitted, {0, failed index, ...} when rejected (reset of the
-- failed bucket = retry after ms), {-1, index, index, ...} when budgets need a seed (nothing was written).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id = ARGV[1]
local hold = tonumber(ARGV[2])
local n = tonumber(ARGV[3])

local seeds = {}
for i = 1, n do
  local b = 3 + (i - 1) * 5
  local kind = ARGV[b + 1]
  if (kind == 'b' or kind == 's') and redis.call('EXISTS', KEYS[2 * i - 1]) == 0 then
    local seed = tonumber(ARGV[b + 5])
    if seed < 0 then
      table.insert(seeds, i)
    else
      redis.call('HSETNX', KEYS[2 * i - 1], 'spent', seed)
      redis.call('HSETNX', KEYS[2 * i - 1], 'held', 0)
    end
  end
end
if #seeds > 0 then
  table.insert(seeds, 1, -1)
  return seeds
end

local out = {1, 0}
local level = {}
for i = 1, n do
  local b = 3 + (i - 1) * 5
  local kind = ARGV[b + 1]
  local limit = tonumber(ARGV[b + 2])
  local cost = tonumber(ARGV[b + 3])
  local window = tonumber(ARGV[b + 4])
  local sk = KEYS[2 * i - 1]
  local lk = KEYS[2 * i]
  local remaining, reset, over, ok = 0, 0, 0, true
  if kind == 'r' then
    local v = redis.call('HMGET', sk, 'tokens', 'ts', 'limit')
    local tokens = tonumber(v[1]) or limit
    local ts = tonumber(v[2]) or now
    -- a changed limit moves the level by the difference: raising it gives the headroom at once
    tokens = tokens + limit - (tonumber(v[3]) or limit)
    if now > ts then
      tokens = math.min(limit, tokens + (now - ts) * limit / window)
    end
    level[i] = tokens
    remaining = tokens - cost
    if remaining < 0 then
      ok = false
      reset = math.ceil(-remaining * window / limit)
    else
      reset = math.ceil((limit - remaining) * window / limit)
    end
  elseif kind == 'c' then
    redis.call('ZREMRANGEBYSCORE', lk, '-inf', now)
    local inflight = redis.call('ZCARD', lk)
    remaining = limit - inflight - cost
    if remaining < 0 then
      ok = false
      reset = 1000
    end
  else
    local expired = redis.call('ZRANGEBYSCORE', lk, '-inf', now)
    for _, rid in ipairs(expired) do
      local amount = tonumber(redis.call('HGET', sk, 'r:' .. rid) or '0')
      redis.call('HINCRBY', sk, 'held', -amount)
      redis.call('HDEL', sk, 'r:' .. rid)
      redis.call('ZREM', lk, rid)
    end
    local v = redis.call('HMGET', sk, 'spent', 'held')
    remaining = limit - (tonumber(v[1]) or 0) - (tonumber(v[2]) or 0) - cost
    if remaining < 0 then
      if kind == 'b' then
        ok = false
        reset = window
      else
        over = 1
      end
    end
  end
  if not ok and out[1] == 1 then
    out[1] = 0
    out[2] = i
  end
  table.insert(out, math.floor(remaining))
  table.insert(out, reset)
  table.insert(out, over)
end

if out[1] == 1 then
  for i = 1, n do
    local b = 3 + (i - 1) * 5
    local kind = ARGV[b + 1]
    local cost = tonumber(ARGV[b + 3])
    local window = tonumber(ARGV[b + 4])
    local sk = KEYS[2 * i - 1]
    local lk = KEYS[2 * i]
    if kind == 'r' then
      redis.call('HSET', sk, 'tokens', tostring(level[i] - cost), 'ts', now, 'limit', ARGV[b + 2])
      redis.call('PEXPIRE', sk, window * 2)
    elseif kind == 'c' then
      redis.call('ZADD', lk, now + hold, id)
      redis.call('PEXPIRE', lk, hold * 2)
    elseif cost > 0 then
      redis.call('HINCRBY', sk, 'held', cost)
      redis.call('HSET', sk, 'r:' .. id, cost)
      redis.call('ZADD', lk, now + hold, id)
      redis.call('PEXPIRE', sk, window + 86400000)
      redis.call('PEXPIRE', lk, window + 86400000)
    end
  end
end
return out
