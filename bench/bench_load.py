"""Load on the Procfile's server (gunicorn, 2 workers × 4 threads) with Locust; prints each endpoint's figures.

Two scenarios:
- `mix`: visitors with 1–5 s of thought between actions: explore page loads and filter changes,
  the kiosk, tour steps, CSV downloads and, now and then, a PDF brief (default 200 users, 60 s);
- `exports`: 20 clients drawing PDF briefs and map images of ever new selections without pause,
  while others load the explore page and poll /healthz (cheap requests must not wait behind them).

Run: .venv/bin/python -m bench.bench_load [--scenario mix|exports] [--users N] [--seconds S]
"""

from __future__ import annotations

# Locust runs on gevent, which must patch the standard library before anything else imports it.
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import ClassVar  # noqa: E402

import gevent  # noqa: E402
import yaml  # noqa: E402
from locust import FastHttpUser, between, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

from dashboard.settings import DATA  # noqa: E402
from tests.browser.conftest import gunicorn  # noqa: E402
from tests.dash_requests import callback_request, page_request  # noqa: E402

REGIONS = ["11", "28", "27", "44"]
DRIVERS = ["low_footprint", "safe_connected_autonomous", "new_services", "industrial_excellence"]
CATEGORIES = ["plant", "technical_centre", "test_track", "research_training", "startup"]
LANGUAGES = ["en", "fr", "de"]
# Each tour and its number of steps.
TOURS = {path.stem: len(yaml.safe_load(path.read_text())["steps"]) for path in (DATA / "tours").glob("*.yaml")}
WARM_UP_SECONDS = 10
# As many tries as the page's downloads make (assets/feedback.js).
BUSY_TRIES = 6
# Every selection a new one: the exports scenario must draw, not read what was drawn.
FRESH = itertools.count()


def some(values: list[str]) -> list[str]:
    return random.sample(values, random.randint(0, 2))


class Atlas(FastHttpUser):
    """A browser of the atlas: its pages and callback requests as the browser sends them."""

    abstract = True
    dependencies: ClassVar[list] = []

    def on_start(self) -> None:
        if not Atlas.dependencies:
            Atlas.dependencies = self.client.get("/_dash-dependencies").json()

    def callback(self, output: str, values: dict, name: str) -> None:
        self.post(callback_request(self.dependencies, output, values, changed=[".".join(next(iter(values)))]), name)

    def post(self, body: dict, name: str) -> None:
        headers = {"Content-Type": "application/json"}
        self.client.post("/_dash-update-component", data=json.dumps(body), headers=headers, name=name)

    def page(self, path: str, label: str) -> None:
        self.client.get(path, name=f"GET {label}")
        self.post(page_request(self.dependencies, path), name=f"page content {label}")

    def explore(self) -> None:
        self.page("/", "/")
        self.filter()

    def filter(self) -> None:
        values = {
            ("explore-regions", "value"): some(REGIONS),
            ("explore-drivers", "value"): some(DRIVERS),
            ("explore-categories", "value"): some(CATEGORIES),
            ("explore-lang", "data"): random.choice(LANGUAGES),
            ("explore-radius", "value"): 20,
        }
        self.callback("explore-sites.data", values, name="explore filter")


class Visitor(Atlas):
    """What the atlas's users do, in the proportions a fair day would see."""

    wait_time = between(1, 5)

    @task(20)
    def explore_load(self) -> None:
        self.explore()

    @task(30)
    def explore_filter(self) -> None:
        self.filter()

    @task(10)
    def kiosk(self) -> None:
        self.page("/kiosk", "/kiosk")
        values = {("kiosk-regions", "value"): some(REGIONS), ("kiosk-lang", "data"): random.choice(LANGUAGES)}
        self.callback("kiosk-sites.data", values, name="kiosk selection")

    @task(15)
    def tour_step(self) -> None:
        tour = random.choice(list(TOURS))
        self.page(f"/present/{tour}/1", "/present/…")
        values = {
            ("present-step", "data"): random.randrange(TOURS[tour]),
            ("present-tour", "data"): tour,
            ("present-lang", "data"): random.choice(LANGUAGES),
        }
        self.callback("present-problems.children", values, name="tour step")

    @task(5)
    def download(self) -> None:
        self.fetch_file(f"/api/sites.csv?region={random.choice(REGIONS)}", name="GET /api/sites.csv")

    @task(1)
    def brief(self) -> None:
        query = f"region={random.choice(REGIONS)}&lang={random.choice(LANGUAGES)}"
        self.fetch_file(f"/api/brief.pdf?{query}", name="GET /api/brief.pdf")

    def fetch_file(self, path: str, name: str) -> None:
        """A download as the page fetches it (assets/feedback.js).

        Told the server is busy (503 with Retry-After), it waits as told and asks again, a few times;
        each busy answer is counted apart.
        """
        for _ in range(BUSY_TRIES - 1):
            with self.client.get(path, name=name, catch_response=True) as response:
                wait = response.headers.get("Retry-After")
                if response.status_code != 503 or not wait:
                    return
                response.request_meta["name"] = f"{name} (busy, asked again)"
                response.success()
            gevent.sleep(float(wait))
        self.client.get(path, name=name)


class Exporter(FastHttpUser):
    """A client drawing exports of new selections without pause."""

    wait_time = constant(0)

    @task
    def export(self) -> None:
        kind = random.choice(["brief.pdf", "map.png"])
        # A radius never asked before makes a selection never drawn before.
        query = f"near=renault-flins&radius={1 + next(FRESH) % 200}&lang={random.choice(LANGUAGES)}"
        self.client.get(f"/api/{kind}?{query}", name=f"GET /api/{kind}")


class Onlooker(Atlas):
    """Cheap requests during the export storm: the health check and the explore page."""

    wait_time = constant(0.5)

    @task
    def health(self) -> None:
        self.client.get("/healthz", name="GET /healthz")

    @task
    def explore_load(self) -> None:
        self.explore()


def run(base: str, users: dict[type, int], seconds: int) -> Environment:
    environment = Environment(user_classes=list(users), host=base)
    runner = environment.create_local_runner()
    runner.start(sum(users.values()), spawn_rate=50, user_classes=[u for u, n in users.items() for _ in range(n)])
    gevent.sleep(seconds)
    runner.quit()
    return environment


def report(environment: Environment) -> None:
    print(f"{'endpoint':34}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for entry in sorted(environment.stats.entries.values(), key=lambda e: e.name):
        print(
            f"{entry.name:34}{entry.num_requests:9}{entry.num_failures:8}"
            + "".join(f"{entry.get_response_time_percentile(p):8.0f}" for p in (0.5, 0.95, 0.99))
        )
    total = environment.stats.total
    print(
        f"{'all':34}{total.num_requests:9}{total.num_failures:8}"
        + "".join(f"{total.get_response_time_percentile(p):8.0f}" for p in (0.5, 0.95, 0.99))
    )
    for error in environment.stats.errors.values():
        print(f"error ×{error.occurrences}: {error.method} {error.name}: {error.error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=["mix", "exports"], default="mix")
    parser.add_argument("--users", type=int, default=200, help="visitors of the mix (default 200)")
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    database = Path(os.environ.get("ATLAS_DB", DATA / "atlas.duckdb"))
    users = {Visitor: args.users} if args.scenario == "mix" else {Exporter: 20, Onlooker: 4}
    with gunicorn(database, workers=2, ATLAS_DATA=str(DATA)) as base:
        # The server answers before its drawing processes have finished starting: measure after.
        gevent.sleep(WARM_UP_SECONDS)
        environment = run(base, users, args.seconds)
    print(f"{args.scenario}: {sum(users.values())} users for {args.seconds} s on 2 workers × 4 threads")
    report(environment)


if __name__ == "__main__":
    main()
