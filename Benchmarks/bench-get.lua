-- wrk script: the cheapest authenticated request, GET /v1/me, as the HTTP stack's baseline for single writes.
-- The token comes from the environment (BENCH_TOKEN).
function init(args)
    token = os.getenv("BENCH_TOKEN")
end

function request()
    return wrk.format("GET", "/v1/me", { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
    io.write(string.format(
        "WRK requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max, summary.errors.status,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
