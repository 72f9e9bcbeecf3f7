#!/usr/bin/env python3
"""Turns one benchmark run (results.jsonl, meta.json) into results.md and PNG plots, ratios to nginx of the same run.

Usage: report.py OUT_DIR
"""
import json
import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

OUT = Path(sys.argv[1])
META = json.loads((OUT / "meta.json").read_text())
ROWS = [json.loads(line) for line in (OUT / "results.jsonl").read_text().splitlines() if line.strip()]
TARGETS = ["direct", "nginx", "gw-upstream", "gw-inproc", "gw-full"]
LABELS = {
    "direct": "mock upstream direct",
    "nginx": "nginx → mock",
    "gw-upstream": "gateway embedded → mock (openai provider)",
    "gw-inproc": "gateway embedded, in-process mock",
    "gw-full": "gateway full path (Postgres key + Redis buckets) → mock",
}


def rows(scenario):
    return [r for r in ROWS if r.get("scenario") == scenario]


def find(scenario, target, conc):
    for r in rows(scenario):
        if r["target"] == target and r["concurrency"] == conc:
            return r
    return None


def num(v, digits=1):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, (int,)) or abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def ratio(a, b):
    if a is None or b in (None, 0):
        return None
    return a / b


def rx(v):
    return "–" if v is None else f"{v:.2f}×"


def per_cpu(r):
    return r.get("requestsPerCpuSecond")


md = []
md.append(f"# Benchmark run {META['stamp']}\n")
md.append(f"- commit `{META['commit']}`; {META['cpus']} CPUs; {META['java']}; {META['nginx']}; {META['wrk']}")
md.append(f"- load at start: `{META['uptimeAtStart'].strip()}`")
md.append(f"- load at end: `{META.get('uptimeAtEnd', '').strip()}`")
md.append(f"- Kafka usage events in the full path: {META['kafka']}")
md.append("- CPU-s = user+system CPU seconds of the serving process during the run (nginx: master+workers; "
          "direct: the mock server). RSS of the same processes at the end of the run.\n")

# ---------------------------------------------------------------- non-streaming
concs = sorted({r["concurrency"] for r in rows("nonstream")})
if concs:
    md.append("## Non-streaming chat completions (16 tokens, wrk, closed loop)\n")
    md.append("| conns | target | req/s | × nginx | p50 ms | p90 ms | p99 ms | p99 × nginx | errors | req per CPU-s | × nginx | RSS MB | load1 |")
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for c in concs:
        ng = find("nonstream", "nginx", c)
        for t in TARGETS:
            r = find("nonstream", t, c)
            if not r or "latency" not in r:
                continue
            lat = r["latency"]
            md.append(
                f"| {c} | {t} | {num(r['rps'])} | {rx(ratio(r['rps'], ng and ng['rps']))} | {num(lat['p50'], 2)} | "
                f"{num(lat['p90'], 2)} | {num(lat['p99'], 2)} | {rx(ratio(lat['p99'], ng and ng['latency']['p99']))} | "
                f"{r['errors']} | {num(per_cpu(r))} | {rx(ratio(per_cpu(r), ng and per_cpu(ng)))} | "
                f"{num(r['serverRssKb'] / 1024)} | {r['load1']} |")
    md.append("")

    fig, ax = plt.subplots(figsize=(8, 5))
    for t in TARGETS:
        pts = [(c, find("nonstream", t, c)) for c in concs]
        pts = [(c, r["rps"]) for c, r in pts if r and "rps" in r]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=LABELS[t])
    ax.set_xscale("log", base=2)
    ax.set_xticks(concs, [str(c) for c in concs])
    ax.set_xlabel("connections")
    ax.set_ylabel("requests/s")
    ax.set_title(f"Non-streaming throughput vs connections ({META['stamp']}, 2 shared cores)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(OUT / "nonstream-throughput.png", dpi=110)

    fig, axes = plt.subplots(1, 3, figsize=(15, 5), sharey=True)
    for ax, pct in zip(axes, ["p50", "p90", "p99"]):
        for t in TARGETS:
            pts = [(c, find("nonstream", t, c)) for c in concs]
            pts = [(c, r["latency"][pct]) for c, r in pts if r and "latency" in r]
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=LABELS[t])
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(concs, [str(c) for c in concs])
        ax.set_xlabel("connections")
        ax.set_title(f"latency {pct}")
        ax.grid(True, alpha=0.3, which="both")
    axes[0].set_ylabel("ms")
    axes[0].legend(fontsize=7)
    fig.suptitle("Non-streaming latency percentiles vs connections")
    fig.tight_layout()
    fig.savefig(OUT / "nonstream-latency.png", dpi=110)

# ---------------------------------------------------------------- streaming
sconcs = sorted({r["concurrency"] for r in rows("stream")})
if sconcs:
    md.append("## Streaming chat completions (200 tokens × 20 ms, SSE load generator, closed loop)\n")
    md.append("| conns | target | streams/s | × nginx | TTFT p50 ms | TTFT p90 ms | TTFT p99 ms | TTFT p99 − nginx ms | total p99 ms | errors | streams per CPU-s | × nginx | RSS MB | load1 |")
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for c in sconcs:
        ng = find("stream", "nginx", c)
        for t in TARGETS:
            r = find("stream", t, c)
            if not r or "ttft" not in r:
                continue
            tt = r["ttft"]
            diff = None if not ng else tt["p99"] - ng["ttft"]["p99"]
            md.append(
                f"| {c} | {t} | {num(r['rps'])} | {rx(ratio(r['rps'], ng and ng['rps']))} | {num(tt['p50'], 2)} | "
                f"{num(tt['p90'], 2)} | {num(tt['p99'], 2)} | {num(diff, 2)} | {num(r['latency']['p99'])} | "
                f"{r['errors']} | {num(per_cpu(r))} | {rx(ratio(per_cpu(r), ng and per_cpu(ng)))} | "
                f"{num(r['serverRssKb'] / 1024)} | {r['load1']} |")
    md.append("")
    fig, axes = plt.subplots(1, 2, figsize=(13, 5))
    width = 0.8 / len(TARGETS)
    for i, t in enumerate(TARGETS):
        xs, p50, p99, rps = [], [], [], []
        for j, c in enumerate(sconcs):
            r = find("stream", t, c)
            if r and "ttft" in r:
                xs.append(j + i * width)
                p50.append(r["ttft"]["p50"])
                p99.append(r["ttft"]["p99"])
                rps.append(r["rps"])
        axes[0].bar(xs, p99, width, label=LABELS[t])
        axes[0].scatter(xs, p50, color="black", s=8, zorder=3)
        axes[1].bar(xs, rps, width, label=LABELS[t])
    for ax in axes:
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(sconcs))], [f"{c} conns" for c in sconcs])
        ax.grid(True, axis="y", alpha=0.3)
    axes[0].set_yscale("log")
    axes[0].set_ylabel("time to first token, ms (bar p99, dot p50)")
    axes[1].set_ylabel("streams/s")
    axes[1].legend(fontsize=7)
    fig.suptitle("Streaming: time to first token and throughput")
    fig.tight_layout()
    fig.savefig(OUT / "stream.png", dpi=110)

# ---------------------------------------------------------------- rate limits
rl = [r for r in ROWS if r.get("scenario", "").startswith("ratelimit")]
if rl:
    md.append("## Rate-limit correctness under load\n")
    md.append("| target | policy | requests | concurrency | seconds | statuses | expected 200s | 429 without Retry-After | verdict |")
    md.append("|---|---|---|---|---|---|---|---|---|")
    for r in rl:
        st = r.get("statuses", {})
        admitted = st.get("200", 0)
        others = {k: v for k, v in st.items() if k not in ("200", "429")}
        if r["scenario"] == "ratelimit-rpm":
            policy = "600 req/min (bucket 600, refill 10/s)"
            lo, hi = 600, 600 + math.ceil(600 * r["seconds"] / 60)
            expected = f"{lo}–{hi}"
            ok = lo <= admitted <= hi
        elif r["scenario"] == "ratelimit-concurrency":
            policy = "maxConcurrent 50 (150 streams at once)"
            expected, ok = "50", admitted == 50
        else:
            policy = "maxConcurrent 50 (50 after the first ended)"
            expected, ok = "50", admitted == 50
        ok = ok and not others and r.get("429WithoutRetryAfter", 0) == 0 and admitted + st.get("429", 0) == r["count"]
        md.append(f"| {r['target']} | {policy} | {r['count']} | {r['concurrency']} | {r['seconds']:.2f} | "
                  f"{json.dumps(st)} | {expected} | {r.get('429WithoutRetryAfter')} | {'exact' if ok else 'WRONG'} |")
    md.append("")

# ---------------------------------------------------------------- held streams
held = rows("hold")
if held:
    md.append("## Concurrent slow streams held open\n")
    md.append("| target | streams | peak open | ok | errors | TTFT p99 ms | worst gap beyond pacing ms (p99 / max) | probe p99 / max ms | probe errors | server RSS MB | CPU-s | load1 |")
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in held:
        md.append(
            f"| {r['target']} | {r['streams']} | {r['peakOpen']} | {r['ok']} | {r['errors']} {json.dumps(r['errorKinds']) if r['errors'] else ''} | "
            f"{num(r['ttft']['p99'])} | {num(r['gapExcess']['p99'])} / {num(r['gapExcess']['max'])} | "
            f"{num(r['probe']['p99'])} / {num(r['probe']['max'])} | {json.dumps(r['probeErrors'])} | "
            f"{num(r['serverRssKb'] / 1024)} | {num(r['serverCpuSeconds'])} | {r['load1']} |")
    md.append("")

# ---------------------------------------------------------------- soak
soak = rows("soak")
if soak:
    s = soak[0]
    samples = s["samples"]
    md.append(f"## Soak ({s['seconds']} s, gateway embedded → mock: 64 paced streams + 16 non-stream connections)\n")
    st = s.get("stream") or {}
    ns = s.get("nonstream") or {}
    md.append(f"- streams: {st.get('ok')} ok, {st.get('errors')} errors; non-stream: {ns.get('ok')} ok, "
              f"{ns.get('errors')} errors, p99 {ns.get('latency', {}).get('p99')} ms")
    heaps = [x["heapAfterGcKb"] for x in samples]
    rss = [x["rssKb"] for x in samples]
    md.append(f"- heap after full GC: first {heaps[0] / 1024:.1f} MB, last {heaps[-1] / 1024:.1f} MB, "
              f"max {max(heaps) / 1024:.1f} MB (samples: {', '.join(f'{h / 1024:.1f}' for h in heaps)})")
    md.append(f"- RSS: first {rss[0] / 1024:.0f} MB, last {rss[-1] / 1024:.0f} MB, max {max(rss) / 1024:.0f} MB")
    md.append("")
    fig, ax = plt.subplots(figsize=(8, 4))
    ts = [x["t"] for x in samples]
    ax.plot(ts, [h / 1024 for h in heaps], marker="o", label="heap after full GC (MB)")
    ax.plot(ts, [r / 1024 for r in rss], marker="s", label="RSS (MB)")
    ax.set_xlabel("seconds into the soak")
    ax.set_ylabel("MB")
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend()
    ax.set_title("Soak: gateway memory")
    fig.tight_layout()
    fig.savefig(OUT / "soak.png", dpi=110)

leak = rows("leak")
if leak:
    r = leak[0]
    md.append("## Netty leak detection (paranoid)\n")
    md.append(f"- LEAK reports in the gateway log: **{r['leakReports']}**")
    for k in ("stream", "streamInproc", "nonstream"):
        v = r.get(k) or {}
        md.append(f"- {k}: {v.get('ok')} ok, {v.get('errors')} errors")
    md.append("")

(OUT / "results.md").write_text("\n".join(md) + "\n")
print("\n".join(md))
