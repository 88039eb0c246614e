#!/usr/bin/env python3
"""Helpers for the jobs bench scenarios (stdlib only).

  jobs_bench.py token KEY_B64 ROLE...        print an HS256 access token the gateway accepts
  jobs_bench.py seed URL KEY_B64 COUNT        post COUNT open jobs; print one job id
  jobs_bench.py seed-ids URL KEY_B64 COUNT    post COUNT open jobs; print all their ids, comma-separated
  jobs_bench.py apply-setup URL KEY_B64 DIR JOBS WORKERS
                                              post JOBS open jobs (shifts 60-90 days ahead, headcount 500) and
                                              sign WORKERS worker tokens: DIR/jobs.txt, DIR/tokens.txt, one a line
  jobs_bench.py drain URL KEY_B64 SINCE EXPECTED TIMEOUT_S WRK_END_EPOCH
                                              page the event store (GET /api/analytics/events, admin token) for
                                              jobs.application-submitted events recorded since SINCE until
                                              EXPECTED of them are there; print markdown lines

The app under test is started with OneDay__Security__SigningKey=KEY_B64, so a token signed here with the
same key, issuer "oneday" and audience "oneday-api" is what the gateway's own issuer would have minted.
"""
import base64, hashlib, hmac, http.client, json, random, sys, threading, time, uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(key_b64: str, roles, minutes=60) -> str:
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"sub": str(uuid.uuid4()), "sid": str(uuid.uuid4()), "jti": uuid.uuid4().hex, "role": list(roles),
              "iss": "oneday", "aud": "oneday-api", "iat": now, "nbf": now, "exp": now + minutes * 60}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = hmac.new(base64.b64decode(key_b64), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


# Half the jobs in the Seoul metropolitan area, half anywhere in South Korea's bounding box: a city
# dense enough to make cells crowded, and a country's worth of sparse ones.
def location(rng: random.Random):
    if rng.random() < 0.5:
        return 37.40 + rng.random() * 0.30, 126.80 + rng.random() * 0.40
    return 34.50 + rng.random() * 4.0, 126.00 + rng.random() * 3.5


def seed(url: str, key_b64: str, count: int, threads: int = 16, days: int = 2, headcount=None, all_ids=False):
    target = urlparse(url)
    # At most 100 jobs per employer: the app caps an employer's open jobs (OneDay:Jobs:MaxOpenJobsPerEmployer, 200).
    employers = [token(key_b64, ["employer"], minutes=240) for _ in range(max(64, -(-count // 100)))]
    start = datetime.now(timezone.utc) + timedelta(days=days)
    local = threading.local()
    ids = []
    failures = []

    def post(i: int):
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            local.rng = random.Random(i)
        rng = local.rng
        lat, lon = location(rng)
        begins = start + timedelta(minutes=rng.randrange(0, 14 * 24 * 60, 30))
        body = {
            "title": f"Bench job {i}", "description": "Seeded for the search benchmark.",
            "category": rng.choice(["cafe", "event", "warehouse", "delivery", "retail"]),
            "location": {"latitude": lat, "longitude": lon, "address": "Seeded"},
            "startsAt": begins.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "endsAt": (begins + timedelta(hours=rng.choice([3, 4, 6, 8]))).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "pay": {"amountKrw": rng.randrange(10_030, 20_000, 10), "kind": "perHour"},
            "headcount": headcount or rng.randint(1, 5), "requiredSkills": [], "checkInRadiusMeters": 200,
        }
        local.conn.request("POST", "/api/jobs", json.dumps(body), {
            "Content-Type": "application/json", "Authorization": "Bearer " + employers[i % len(employers)]})
        response = local.conn.getresponse()
        text = response.read()
        if response.status != 201:
            failures.append(f"{response.status} {text[:200]!r}")
        elif all_ids or len(ids) < 1:
            ids.append(json.loads(text)["id"])

    began = time.time()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(post, range(count)))
    elapsed = time.time() - began
    print(f"seeded {count - len(failures)} jobs in {elapsed:.1f} s ({count / elapsed:.0f}/s), {len(failures)} failed",
          file=sys.stderr)
    if failures or not ids:
        print(failures[:3], file=sys.stderr)
        sys.exit(1)
    return ids


def apply_setup(url: str, key_b64: str, out_dir: str, jobs: int, workers: int) -> None:
    # Far-future shifts (60-90 days) and the maximum headcount: no job starts, expires or fills during the run.
    ids = seed(url, key_b64, jobs, days=60, headcount=500, all_ids=True)
    with open(f"{out_dir}/jobs.txt", "w") as f:
        f.write("\n".join(ids) + "\n")
    with open(f"{out_dir}/tokens.txt", "w") as f:
        f.write("\n".join(token(key_b64, ["worker"], minutes=240) for _ in range(workers)) + "\n")
    print(f"{len(ids)} jobs, {workers} worker tokens in {out_dir}", file=sys.stderr)


def drain(url: str, key_b64: str, since: str, expected: int, timeout_s: float, wrk_end: float) -> bool:
    """Counts jobs.application-submitted events in the event store (recorded by the stream consumer
    EventRecorderGrain, so an event is there only once the stream delivered it), following the cursor so
    each poll reads only new pages, until EXPECTED or the timeout."""
    target = urlparse(url)
    admin = token(key_b64, ["admin"], minutes=60)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    cursor, seen, first, last, polls, previous, quiet, sequences = None, 0, None, None, 0, -1, 0, set()
    began = time.time()
    while True:
        while True:
            query = f"/api/analytics/events?type=jobs.application-submitted&from={since}&limit=500"
            if cursor:
                query += "&cursor=" + cursor
            conn.request("GET", query, headers={"Authorization": "Bearer " + admin})
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                print(f"- GET /api/analytics/events answered {response.status}: {body[:300]!r}")
                return False
            page = json.loads(body)
            for item in page["items"]:
                # The last page has no next cursor, so the next poll reads it again: count each event once.
                if item["sequence"] in sequences:
                    continue
                sequences.add(item["sequence"])
                seen += 1
                at = datetime.fromisoformat(item["recordedAt"].replace("Z", "+00:00")).timestamp()
                first = at if first is None else min(first, at)
                last = at if last is None else max(last, at)
            if page["items"] and page.get("nextCursor"):
                cursor = page["nextCursor"]
            if not page.get("nextCursor") or not page["items"]:
                break
        polls += 1
        # Requests still in flight when wrk stopped may add a few more: done once every acknowledged one is
        # there and two more polls (1 s) found nothing new.
        quiet = quiet + 1 if seen == previous else 0
        previous = seen
        if (seen >= expected and quiet >= 2) or time.time() - began > timeout_s:
            break
        time.sleep(0.5)
    waited = time.time() - began
    ok = seen >= expected
    print(f"- Read path: GET /api/analytics/events?type=jobs.application-submitted (the event store, written by the")
    print(f"  stream consumer EventRecorderGrain after RabbitMQ delivered each event), paged with its cursor, {polls} poll(s).")
    print(f"- Applications the gateway acknowledged (2xx, warm-up + measured run): {expected}; "
          f"submitted events recorded: {seen}{'' if ok else f' after the {timeout_s:.0f} s timeout: NOT drained'}"
          + (" (more than acknowledged: requests in flight when wrk stopped, committed without wrk counting them)"
             if seen > expected else "") + ".")
    if first is not None and last is not None:
        span = max(last - first, 1e-3)
        print(f"- Recorded between {datetime.fromtimestamp(first, timezone.utc):%H:%M:%S.%f}"[:-3] +
              f" and {datetime.fromtimestamp(last, timezone.utc):%H:%M:%S.%f}"[:-3] +
              f" UTC: {seen / span:.0f} events/s recorded on average over {span:.1f} s.")
        print(f"- Drain: the last event was recorded {last - wrk_end:+.2f} s after wrk stopped "
              f"(polling took {waited:.1f} s).")
    return ok


if __name__ == "__main__":
    if sys.argv[1] == "token":
        print(token(sys.argv[2], sys.argv[3:]))
    elif sys.argv[1] == "seed":
        print(seed(sys.argv[2], sys.argv[3], int(sys.argv[4]))[0])
    elif sys.argv[1] == "seed-ids":
        print(",".join(seed(sys.argv[2], sys.argv[3], int(sys.argv[4]), all_ids=True)))
    elif sys.argv[1] == "apply-setup":
        apply_setup(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    elif sys.argv[1] == "drain":
        sys.exit(0 if drain(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), float(sys.argv[6]),
                            float(sys.argv[7])) else 1)
    else:
        sys.exit(__doc__)
