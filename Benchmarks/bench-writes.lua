-- wrk script: each thread (one keep-alive connection) owns one verdict on its own claim and rewrites it,
-- sending If-Match with the version the previous answer carried. Claims, token and run id come from the
-- environment (BENCH_CLAIMS is a comma-separated list, one claim per thread).
local threadCount = 0

function setup(thread)
    threadCount = threadCount + 1
    thread:set("index", threadCount)
end

function init(args)
    local claims = {}
    for claim in string.gmatch(os.getenv("BENCH_CLAIMS"), "[^,]+") do
        table.insert(claims, claim)
    end
    claim = claims[index]
    token = os.getenv("BENCH_TOKEN")
    verdict = "wrk-" .. os.getenv("BENCH_RUN") .. "-" .. index
    labels = { "true", "mostly-true", "mixed", "mostly-false", "false" }
    version = nil
    sent = 0
    failures = 0
end

function request()
    sent = sent + 1
    local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
    if version then
        headers["If-Match"] = '"' .. version .. '"'
    end
    local body = string.format(
        '{"claimId":"%s","label":"%s","confidence":0.8,"rationale":"benchmark write %d",' ..
        '"evidence":[{"url":"https://example.org/source/%d"}]}',
        claim, labels[sent % 5 + 1], sent, sent)
    return wrk.format("PUT", "/v1/verdicts/" .. verdict, headers, body)
end

function response(status, headers, body)
    if status == 200 or status == 201 then
        local etag = headers["ETag"] or headers["etag"] or headers["Etag"]
        version = tonumber(string.match(etag, "%d+"))
    else
        failures = failures + 1
    end
end

function done(summary, latency, requests)
    local non2xx = summary.errors.status
    io.write(string.format(
        "WRK requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max, non2xx,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
