"""Public intake under load: Open311 POSTs against the real server (granian) on the current
database, at a fixed arrival rate (an open model: requests are sent on schedule whether or not
earlier ones were answered, so a slow server cannot slow the load down), at the target rate and
at twice it.

Debian has wrk but not wrk2, and wrk cannot hold a fixed rate, so the load comes from a small
asyncio generator here (keep-alive connections, one more opened whenever none is free).
Latency is measured from the moment a request was due, not from when it could be sent
(no coordinated omission).

Per-address rate limits stay on: the server trusts 127.0.0.1 as a reverse proxy
(FRONTLINE_TRUSTED_PROXIES) and each request carries a random X-Forwarded-For address, as
requests from many citizens behind a proxy would.

Durability: after each run, the new concern rows must equal the 2xx answers, and every new
concern must have its first ConcernUpdate (none half-written).
"""

import asyncio
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Max

from frontline.geography.models import Area, Level
from frontline.voice.models import Category, Concern, ConcernUpdate
from frontline.voice.open311 import issue_key

from .server import SERVER_PIDS, app_server

PATH = "/open311/v2/requests.json"
WORDS = [
    "អណ្ដូងទឹក",
    "ផ្លូវ",
    "ខូច",
    "សាលារៀន",
    "មណ្ឌលសុខភាព",
    "ភ្លើង",
    "ដីធ្លី",
    "សំបុត្រកំណើត",
    "well",
    "road",
    "broken",
    "school",
    "clinic",
    "flooded",
    "bridge",
    "teacher",
    "water",
    "since last month",
]
MAX_CONNECTIONS = 256
CLIENT_TIMEOUT = 30.0


@dataclass
class RunResult:
    rate: int
    duration: float
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    missing_retry_after: int = 0
    client_errors: int = 0

    @property
    def sent(self) -> int:
        return sum(self.statuses.values()) + self.client_errors

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def _bodies(key: str, count: int = 2000) -> list[bytes]:
    categories = list(Category.objects.filter(is_active=True).values_list("code", flat=True))
    places = list(Area.objects.filter(level=Level.VILLAGE).order_by("?").values_list("code", flat=True)[:500])
    places = places or list(Area.objects.filter(level=Level.COMMUNE).values_list("code", flat=True)[:500])
    if not categories or not places:
        raise RuntimeError("no categories or villages: migrate and load_gazetteer first")
    rng = random.Random(42)  # noqa: S311 - load data, not secrets
    bodies = []
    for number in range(count):
        fields = {
            "api_key": key,
            "service_code": rng.choice(categories),
            "address_id": rng.choice(places),
            "description": " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14))) + f" #{number}",
        }
        if rng.random() < 0.6:
            fields.update(first_name="Dara", last_name=f"Sok{number}", phone=f"012{number:06d}"[:9])
        bodies.append(urlencode(fields).encode())
    return bodies


def _request(body: bytes, rng: random.Random) -> bytes:
    forwarded = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nX-Forwarded-For: {forwarded}\r\nConnection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bool]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _sep, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readline()).strip() or b"0", 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    keep = headers.get("connection", "").lower() != "close"
    return status, headers, keep


async def _drive(port: int, rate: int, duration: float, bodies: list[bytes]) -> RunResult:
    result = RunResult(rate=rate, duration=duration)
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    slots = asyncio.Semaphore(MAX_CONNECTIONS)
    rng = random.Random(7)  # noqa: S311
    start = time.perf_counter() + 0.05
    total = int(rate * duration)

    async def one(index: int) -> None:
        due = start + index / rate
        async with slots:
            connection = idle.pop() if idle else None
            try:
                if connection is None:
                    connection = await asyncio.open_connection("127.0.0.1", port)
                reader, writer = connection
                writer.write(_request(bodies[index % len(bodies)], rng))
                await writer.drain()
                status, headers, keep = await asyncio.wait_for(_read_response(reader), CLIENT_TIMEOUT)
            except (OSError, ConnectionError, asyncio.IncompleteReadError, TimeoutError, ValueError):
                result.client_errors += 1
                if connection is not None:
                    connection[1].close()
                return
            result.latencies.append(time.perf_counter() - due)
            result.statuses[status] += 1
            if status in (429, 503) and "retry-after" not in headers:
                result.missing_retry_after += 1
            if keep:
                idle.append(connection)
            else:
                writer.close()

    tasks = []
    for index in range(total):
        delay = start + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(index)))
    await asyncio.gather(*tasks)
    result.elapsed = time.perf_counter() - start
    for _reader, writer in idle:
        writer.close()
    return result


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError):
        return None


def _server_pids(port: int) -> list[int]:
    """The server's processes serving `port`: its master and every descendant (workers)."""
    root = SERVER_PIDS.get(port)
    if root is None:
        return []
    parents = {int(entry): _parent_of(int(entry)) for entry in os.listdir("/proc") if entry.isdigit()}
    tree = {root}
    grew = True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return sorted(tree)


def _database_pids() -> list[int]:
    """The PostgreSQL backends serving this database (none on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _cpu_snapshot(port: int) -> dict[str, dict[int, float]]:
    return {
        "app": {pid: _cpu_seconds(pid) for pid in _server_pids(port)},
        "db": {pid: _cpu_seconds(pid) for pid in _database_pids()},
    }


def _cpu_used(before: dict, after: dict) -> dict[str, float]:
    return {
        part: sum(max(0.0, seconds - before[part].get(pid, 0.0)) for pid, seconds in after[part].items())
        for part in ("app", "db")
    }


def _durability(before_id: int) -> tuple[int, int]:
    """(new concerns, of which without their first update)."""
    new = Concern.objects.filter(pk__gt=before_id)
    count = new.count()
    half = new.exclude(
        pk__in=ConcernUpdate.objects.filter(concern_id__gt=before_id, kind=ConcernUpdate.Kind.RECEIVED).values(
            "concern_id"
        )
    ).count()
    return count, half


def _status_groups(statuses: Counter) -> tuple[int, int, int, int]:
    ok = sum(v for k, v in statuses.items() if 200 <= k < 300)
    return ok, statuses.get(429, 0), statuses.get(503, 0), sum(statuses.values()) - ok - statuses[429] - statuses[503]


def intake_load(
    *,
    duration: float = 20,
    out=print,
    rate: int = 200,
    workers: int | None = None,
    threads: int | None = None,
    concurrency: int | None = None,
) -> str:
    """Drive the Open311 intake at `rate` and 2x `rate` for `duration` seconds each; a markdown
    table of throughput, p50/p95 latency, answers by status and the durability check."""
    workers = workers or int(os.environ.get("VOICE_LOAD_WORKERS", "2"))
    threads = threads or int(os.environ.get("VOICE_LOAD_THREADS", "8"))
    concurrency = concurrency or int(os.environ.get("VOICE_LOAD_CONCURRENCY", "6"))
    _key, raw = issue_key("intake load test")
    bodies = _bodies(raw)
    env = {
        "FRONTLINE_TRUSTED_PROXIES": "127.0.0.1",
        "VOICE_INTAKE_CONCURRENCY": str(concurrency),
        "VOICE_INTAKE_QUEUE_WAIT": os.environ.get("VOICE_INTAKE_QUEUE_WAIT", "0.5"),
    }
    rows = [
        "| run | target/s | achieved 2xx/s | p50 ms | p95 ms | 2xx | 429 | 503 | other | client errors "
        "| no Retry-After | new rows | half-written | durable | CPU ms/2xx app + db | load tool CPU ms/request |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    out(f"intake load: granian {workers} workers x {threads} threads, gate {concurrency} per worker, {duration}s")
    with app_server(workers=workers, threads=threads, env=env) as port:
        asyncio.run(_drive(port, 20, 1.0, bodies))  # warm every worker up
        for label, target in (("target", rate), ("twice", 2 * rate)):
            before = Concern.objects.aggregate(top=Max("pk"))["top"] or 0
            cpu_before = _cpu_snapshot(port)
            load_cpu = time.process_time()
            result = asyncio.run(_drive(port, target, duration, bodies))
            load_cpu = time.process_time() - load_cpu
            time.sleep(0.5)
            cpu = _cpu_used(cpu_before, _cpu_snapshot(port))
            ok, limited, busy, other = _status_groups(result.statuses)
            new, half = _durability(before)
            durable = new == ok and half == 0
            rows.append(
                f"| {label} | {target} | {ok / result.elapsed:.0f} | {result.percentile(0.50):.0f} "
                f"| {result.percentile(0.95):.0f} | {ok} | {limited} | {busy} | {other} | {result.client_errors} "
                f"| {result.missing_retry_after} | {new} | {half} | {'yes' if durable else 'NO'} "
                f"| {1000 * cpu['app'] / max(ok, 1):.1f} + {1000 * cpu['db'] / max(ok, 1):.1f} "
                f"| {1000 * load_cpu / max(result.sent, 1):.1f} |"
            )
            out(rows[-1])
    return "\n".join(rows)
