"""Request counts and latencies, kept in memory and rendered as Prometheus text."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class RequestMetrics:
    """Request counts and latency sums per route template and status (Prometheus text)."""

    counts: dict[tuple[str, str, int], int] = field(default_factory=lambda: defaultdict(int))
    seconds: dict[tuple[str, str, int], float] = field(default_factory=lambda: defaultdict(float))
    started: float = field(default_factory=time.time)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self.counts[(method, route, status)] += 1
            self.seconds[(method, route, status)] += seconds

    def render(self) -> list[str]:
        lines = ["# TYPE kotograph_requests_total counter",
                 "# TYPE kotograph_request_seconds_sum counter"]
        with self._lock:
            for (method, route, status), n in sorted(self.counts.items()):
                labels = f'method="{method}",route="{route}",status="{status}"'
                lines.append(f"kotograph_requests_total{{{labels}}} {n}")
                lines.append(f"kotograph_request_seconds_sum{{{labels}}} "
                             f"{self.seconds[(method, route, status)]:.6f}")
        lines.append(f"kotograph_uptime_seconds {time.time() - self.started:.0f}")
        return lines
