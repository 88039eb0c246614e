#!/usr/bin/env python3
"""Helpers for the jobs bench scenarios (stdlib only).

  jobs_bench.py token KEY_B64 ROLE...        print an HS256 access token the gateway accepts
  jobs_bench.py seed URL KEY_B64 COUNT        post COUNT open jobs; print one job id

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


def seed(url: str, key_b64: str, count: int, threads: int = 16) -> None:
    target = urlparse(url)
    employers = [token(key_b64, ["employer"], minutes=240) for _ in range(64)]
    start = datetime.now(timezone.utc) + timedelta(days=2)
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
            "headcount": rng.randint(1, 5), "requiredSkills": [], "checkInRadiusMeters": 200,
        }
        local.conn.request("POST", "/api/jobs", json.dumps(body), {
            "Content-Type": "application/json", "Authorization": "Bearer " + employers[i % len(employers)]})
        response = local.conn.getresponse()
        text = response.read()
        if response.status != 201:
            failures.append(f"{response.status} {text[:200]!r}")
        elif len(ids) < 1:
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
    print(ids[0])


if __name__ == "__main__":
    if sys.argv[1] == "token":
        print(token(sys.argv[2], sys.argv[3:]))
    elif sys.argv[1] == "seed":
        seed(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)
