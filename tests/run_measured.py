"""Run a command; write its exit code, CPU time, wall time and peak memory as JSON.

Usage: ``python tests/run_measured.py REPORT.json SECONDS COMMAND...``. The command is killed
after SECONDS. The kernel counts into a child's peak memory that of the process it was forked
from, so the command is started from this small process rather than from the test run.
"""

import json
import os
import subprocess
import sys
import threading
import time

report, seconds, *command = sys.argv[1:]
start = time.perf_counter()
child = subprocess.Popen(command)
killer = threading.Timer(float(seconds), child.kill)
killer.start()
_, status, usage = os.wait4(child.pid, 0)
killer.cancel()
child.returncode = os.waitstatus_to_exitcode(status)
with open(report, "w", encoding="utf-8") as out:
    json.dump(
        {
            "code": child.returncode,
            "cpu": usage.ru_utime + usage.ru_stime,
            "wall": time.perf_counter() - start,
            "peak_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        },
        out,
    )
