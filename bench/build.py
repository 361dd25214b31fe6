"""One Loa build, as `invoke build` does it, for the bench runner.

    python -m bench.build PATH OUTPUT CACHE PHASES_JSON [--profile FILE]

Uses tasks.py's own _settings/run_pelican with publishconf.py, plus
CACHE_PATH in the bench's temp folder and the bench.phases plugin.
"""

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("output")
    parser.add_argument("cache")
    parser.add_argument("phases")
    parser.add_argument("--profile", help="write a cProfile .prof file here")
    args = parser.parse_args(argv)
    sys.path.insert(0, ROOT)
    os.chdir(ROOT)
    import tasks

    tasks._init_logging()
    settings = tasks._settings(tasks.PUBLISH_SETTINGS, args.path, args.output)
    settings["CACHE_PATH"] = os.path.abspath(args.cache)
    settings["PLUGINS"] = list(settings["PLUGINS"]) + ["bench.phases"]
    os.environ["BENCH_PHASES_JSON"] = os.path.abspath(args.phases)
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        ok = profiler.runcall(tasks.run_pelican, settings)
        profiler.dump_stats(args.profile)
    else:
        ok = tasks.run_pelican(settings)
    tasks.exit_without_teardown(0 if ok else 1)  # as `invoke build` ends


if __name__ == "__main__":
    main()
