-- sluice_settle_v1: settles one reservation with the real usage. Atomic; safe to run after the reservation expired.
-- KEYS: two per bucket as in sluice_reserve_v1.
-- ARGV: reservation id, bucket count, then four per bucket: kind, limit, amount, window ms.
--   r: amount = tokens to give back (reserved - actual; negative takes the overshoot); c: releases the slot;
--   b/s: amount = the real cost in micro-USD, added to the spend while the reservation is dropped. A budget whose
--   state is gone (Redis restarted) is left alone: it is rebuilt from the durable spend, which includes this cost.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id = ARGV[1]
local n = tonumber(ARGV[2])
for i = 1, n do
  local b = 2 + (i - 1) * 4
  local kind = ARGV[b + 1]
  local limit = tonumber(ARGV[b + 2])
  local amount = tonumber(ARGV[b + 3])
  local window = tonumber(ARGV[b + 4])
  local sk = KEYS[2 * i - 1]
  local lk = KEYS[2 * i]
  if kind == 'r' then
    if amount ~= 0 then
      local v = redis.call('HMGET', sk, 'tokens', 'ts', 'limit')
      local tokens = tonumber(v[1]) or limit
      local ts = tonumber(v[2]) or now
      tokens = tokens + limit - (tonumber(v[3]) or limit)
      if now > ts then
        tokens = math.min(limit, tokens + (now - ts) * limit / window)
      end
      tokens = math.min(limit, tokens + amount)
      redis.call('HSET', sk, 'tokens', tostring(tokens), 'ts', now, 'limit', ARGV[b + 2])
      redis.call('PEXPIRE', sk, window * 2)
    end
  elseif kind == 'c' then
    redis.call('ZREM', lk, id)
  elseif redis.call('EXISTS', sk) == 1 then
    local held = redis.call('HGET', sk, 'r:' .. id)
    if held then
      redis.call('HINCRBY', sk, 'held', -tonumber(held))
      redis.call('HDEL', sk, 'r:' .. id)
      redis.call('ZREM', lk, id)
    end
    redis.call('HINCRBY', sk, 'spent', amount)
  end
end
return 1
