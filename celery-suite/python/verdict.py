"""The verdict of a bin/celery-suite run, from the plugin's summary.json.

    verdict.py SUMMARY KNOWN_FAILURES WORKER CATEGORIES FULL PYTEST_EXIT

Exit 0 when pytest ran to its end, a full run held every item of the categories asked for, and every item that is
not ok is listed in KNOWN_FAILURES (Lovage only: the Python worker is the reference, with no list); else 1.
"""
import json
import sys

# Items per category in Celery 5.7.0's t/integration, as the plugin collects them (parametrized items counted).
ITEMS = {'A': 285, 'B': 48}


def known(path):
    out = {}
    with open(path) as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                nodeid, _, reason = line.rstrip('\n').partition('\t')
                out[nodeid] = reason
    return out


def main(summary_path, known_path, worker, categories, full, pytest_exit):
    problems = []
    if pytest_exit not in ('0', '1'):
        problems.append('pytest did not run to its end (exit %s)' % pytest_exit)
    try:
        with open(summary_path) as f:
            summary = json.load(f)
    except (OSError, ValueError) as e:
        print('celery-suite: FAILED: no summary (%s)' % e)
        return 1
    listed = known(known_path) if worker == 'lovage' else {}
    if full == '1':
        wanted = list(ITEMS) if categories == 'all' else categories.split(',')
        for c in wanted:
            counts = summary['categories'].get(c, {})
            total = sum(counts.values())
            if c in ITEMS and total != ITEMS[c]:
                problems.append('category %s held %d items, not %d' % (c, total, ITEMS[c]))
    failing = {row['nodeid'] for row in summary['not_ok']}
    for nodeid in sorted(failing - set(listed)):
        problems.append('not ok and not in known-failures.tsv: ' + nodeid)
    for nodeid in sorted(set(listed) - failing):
        print('celery-suite: listed in known-failures.tsv but ok now (remove it): ' + nodeid)
    for nodeid in sorted(failing & set(listed)):
        print('celery-suite: known failure: %s: %s' % (nodeid, listed[nodeid]))
    for p in problems:
        print('celery-suite: FAILED: ' + p)
    if not problems:
        print('celery-suite: passed (%s)' % ', '.join('%s %d/%d ok' % (c, v.get('ok', 0), sum(v.values()))
                                                      for c, v in sorted(summary['categories'].items())))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
