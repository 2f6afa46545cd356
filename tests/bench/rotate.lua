-- wrk script: each request takes the next path of the file named after `--` (one path a line),
-- so a run spreads over many queries or codes instead of hammering one answer.
-- Every target, the baseline included, goes through this script, so wrk's own cost is the same.

local paths = {}
local position = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  assert(#paths > 0, "no paths in " .. tostring(args[1]))
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
