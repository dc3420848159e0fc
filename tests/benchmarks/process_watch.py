"""Watch this process and all its descendants: peak summed memory and total CPU time.

Worker processes (a process pool, Dask nannies and workers, a command run as a
subprocess) come and go; a thread samples them every ``every_s`` seconds and
keeps, for each process, the last CPU time seen, and the peak of the summed
resident memory (RSS). Pages shared between processes count once per process,
so the memory figure errs high. On a machine shared with other jobs, CPU time
is the steadier measure of work; wall time says what a user waits.

:func:`run_child` measures one command run to its end instead: its own wall
time, CPU time and peak memory, as the kernel counts them.
"""

from __future__ import annotations

import threading


class ProcessWatch:
    """Sample the RSS and CPU time of this process and its descendants until stopped."""

    def __init__(self, every_s: float = 0.1, pid: int | None = None) -> None:
        self.every_s = every_s
        #: The process watched with its descendants (default this one).
        self.pid = pid
        self.peak_bytes = 0
        self.peak_processes = 0
        #: RSS in bytes of each process at the peak, by a short name of its command line.
        self.at_peak: list[tuple[str, int]] = []
        self._cpu: dict[tuple[int, float], float] = {}
        self._start: dict[tuple[int, float], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def cpu_s(self) -> float:
        """CPU seconds (user + system) used by the watched processes while watched."""
        return sum(self._cpu[k] - self._start.get(k, 0.0) for k in self._cpu)

    def _run(self) -> None:
        import psutil

        me = psutil.Process(self.pid)
        first = True
        while True:
            total, count, seen = 0, 0, []
            try:
                family = [me, *me.children(recursive=True)]
            except psutil.Error:  # the watched command has ended
                family = []
            for p in family:
                try:
                    with p.oneshot():
                        key = (p.pid, p.create_time())
                        t = p.cpu_times()
                        rss = p.memory_info().rss
                        name = " ".join(p.cmdline()[1:4])[-60:]
                except psutil.Error:
                    continue  # a process that ended between the listing and the reading
                total += rss
                seen.append((name, rss))
                count += 1
                self._cpu[key] = t.user + t.system
                if first and self.pid is None:  # what had been used before the watch began
                    self._start[key] = self._cpu[key]
            first = False
            if total > self.peak_bytes:
                self.peak_bytes, self.peak_processes, self.at_peak = total, count, seen
            if self._stop.wait(self.every_s):
                return

    def __enter__(self) -> ProcessWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_child(args: list[str]) -> tuple[float, float, float]:
    """Run a command; return its wall seconds, CPU seconds (user + system) and peak RSS (MB)."""
    import os
    import subprocess
    import time

    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert proc.returncode == 0, err[-2000:]
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def run_watched(args: list[str], every_s: float = 0.05) -> tuple[float, float, float]:
    """:func:`run_child` for a command that starts worker processes of its own.

    The kernel counts a process's own CPU time and peak memory, not those of
    workers started by a pool's server process; this sums the CPU time of
    the command and all its descendants, and takes the peak of their summed
    RSS (pages they share count once per process, so it errs high), sampled
    every ``every_s`` seconds.
    """
    import subprocess
    import time

    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with ProcessWatch(every_s, pid=proc.pid) as watch:
        err = proc.communicate()[1].decode()
    wall = time.perf_counter() - t0
    assert proc.returncode == 0, err[-2000:]
    return wall, watch.cpu_s, watch.peak_bytes / 2**20
