"""make bench: every benchmark in turn, each on its own scratch PostgreSQL database."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [["bench_pipeline.py", "5000"], ["bench_workers.py", "4000"], ["bench_export.py"], ["bench_timeline.py"],
              ["bench_matrix.py"], ["bench_screening.py"]]

for script, *args in BENCHMARKS:
    if not (HERE / script).exists():
        continue
    print(f"== {script} {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, str(HERE / script), *args], cwd=HERE, check=True)
