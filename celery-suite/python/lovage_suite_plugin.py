"""pytest plugin: Celery's t/integration suite with an already running worker in place of its embedded one.

The suite's ``celery_session_worker`` fixture (celery.contrib.pytest) starts a worker in the test process through
``celery.contrib.testing.worker.start_worker``. This plugin swaps that function for one that starts nothing: it
waits until some worker answers a remote-control ping on the test broker, then hands the suite a stand-in object.
The test process stays the producer. Tests are selected by the category table beside this file, and the run ends
with counts per category and per test file.

Environment:
  LOVAGE_SUITE_SELECT     categories to run, comma-separated, or "all" (default "A"); tests the table does not
                          know always run
  LOVAGE_SUITE_NODE       node name of the worker under test (default: the first that answers)
  LOVAGE_SUITE_WAIT       seconds to wait for the first ping (default 60)
  LOVAGE_SUITE_TABLE      the category table (default: classification.tsv beside this file)
  LOVAGE_SUITE_SUMMARY    write the counts as JSON to this file
"""
import collections
import contextlib
import json
import os
import pathlib
import sys
import time
import types

import pytest
from celery.contrib.testing import worker as testing_worker

HERE = pathlib.Path(__file__).resolve().parent
TABLE = pathlib.Path(os.environ.get('LOVAGE_SUITE_TABLE') or HERE / 'classification.tsv')
SELECT = os.environ.get('LOVAGE_SUITE_SELECT', 'A').strip()
NODE = os.environ.get('LOVAGE_SUITE_NODE') or None
WAIT = float(os.environ.get('LOVAGE_SUITE_WAIT', '60'))
SUMMARY = os.environ.get('LOVAGE_SUITE_SUMMARY')


def _plugin_registered():
    from importlib.metadata import entry_points
    return any(ep.value.split(':')[0] == 'celery.contrib.pytest' for ep in entry_points(group='pytest11'))


# The fixtures the conftest does not import itself come from celery.contrib.pytest as a plugin.
pytest_plugins = [] if _plugin_registered() else ['celery.contrib.pytest']

_in_session_fixture = [False]


@contextlib.contextmanager
def _attach_to_running_worker(app, *args, **kwargs):
    if not _in_session_fixture[0]:
        pytest.skip('this test starts an embedded Python worker of its own')
    app.finalize()
    app.set_current()
    app.set_default()
    node = _first_answer(app)
    for name, module in list(sys.modules.items()):
        # test_inspect.py reads its NODENAME (the embedded worker's name) at import
        if name.startswith('t.integration.') and hasattr(module, 'NODENAME'):
            module.NODENAME = node
    yield types.SimpleNamespace(app=app, hostname=node)


def _first_answer(app):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            nodes = sorted(n for reply in app.control.ping(timeout=1.0) or [] for n in reply)
        except Exception:  # broker not reachable yet
            nodes = []
            time.sleep(1.0)
        if nodes and (NODE is None or NODE in nodes):
            return NODE or nodes[0]
    pytest.exit(f'no worker answered a ping within {WAIT:.0f}s', returncode=3)


testing_worker.start_worker = _attach_to_running_worker


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if fixturedef.argname != 'celery_session_worker':
        return (yield)
    _in_session_fixture[0] = True
    try:
        return (yield)
    finally:
        _in_session_fixture[0] = False


def pytest_ignore_collect(collection_path, config):
    # test_backend.py imports the Azure SDK at module level; its tests are category N
    if collection_path.name == 'test_backend.py':
        try:
            import azure.storage.blob  # noqa: F401
        except ImportError:
            return True
    return None


def _categories():
    table = {}
    for line in TABLE.read_text().splitlines():
        if line and not line.startswith('#'):
            fields = line.split('\t')
            table[fields[0]] = fields[1]
    return table


def _function_id(nodeid):
    path, _, rest = nodeid.split('[', 1)[0].partition('::')
    return 't/integration/' + path.rsplit('/', 1)[-1] + '::' + rest


def pytest_collection_modifyitems(session, config, items):
    table = _categories()
    wanted = None if SELECT == 'all' else {c.strip() for c in SELECT.split(',') if c.strip()}
    keep, drop = [], []
    for item in items:
        category = table.get(_function_id(item.nodeid), '?')
        item.user_properties.append(('category', category))
        (keep if wanted is None or category in wanted or category == '?' else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


_results = {}  # nodeid -> [category, outcome, strict-xfail, reason]
_RANK = ('passed', 'xpassed', 'skipped', 'xfailed', 'failed', 'error')


def pytest_runtest_logreport(report):
    if type(report).__name__ in ('SubtestReport', 'SubTestReport'):
        return  # a failed subtest fails its item too
    category = dict(report.user_properties).get('category', '?')
    if report.when == 'call' or report.outcome != 'passed':
        if hasattr(report, 'wasxfail'):
            outcome = 'xpassed' if report.passed else 'xfailed'
        elif report.when != 'call' and report.failed:
            outcome = 'error'
        else:
            outcome = report.outcome
        old = _results.get(report.nodeid)
        if old is None or _RANK.index(outcome) > _RANK.index(old[1]):
            reason = '' if outcome == 'passed' else _last_line(report)
            _results[report.nodeid] = [category, outcome, None, reason]


def pytest_runtest_setup(item):
    marker = item.get_closest_marker('xfail')
    if marker is not None:
        item.user_properties.append(('strict', bool(marker.kwargs.get('strict', item.config.getini('xfail_strict')))))


def _last_line(report):
    text = getattr(getattr(report.longrepr, 'reprcrash', None), 'message', None)
    if text is None:
        text = str(report.longrepr or getattr(report, 'wasxfail', '') or '')
    text = ' '.join(text.split())
    return text[:200]


def _ok(outcome, strict):
    # an xfailed item under a strict xfail is the failure Celery's own worker shows too
    return outcome in ('passed', 'xpassed') or (outcome == 'xfailed' and strict)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    strict = {}
    for item in getattr(terminalreporter._session, 'items', []):
        strict[item.nodeid] = dict(item.user_properties).get('strict', False)
    per_category = collections.defaultdict(collections.Counter)
    per_file = collections.defaultdict(collections.Counter)
    not_ok = []
    for nodeid, (category, outcome, _, reason) in sorted(_results.items()):
        ok = _ok(outcome, strict.get(nodeid, False))
        key = 'ok' if ok else 'not ok'
        per_category[category][key] += 1
        per_file[(category, nodeid.split('::', 1)[0])][key] += 1
        if not ok:
            not_ok.append({'nodeid': nodeid, 'category': category, 'outcome': outcome, 'reason': reason})
    write = terminalreporter.write_line
    write('')
    for row in not_ok:
        write(f"lovage-suite: not ok [{row['category']}] {row['outcome']}: {row['nodeid']}: {row['reason']}")
    for (category, path), counts in sorted(per_file.items()):
        write(f"lovage-suite: {category} {path}: {counts['ok']}/{sum(counts.values())} ok")
    for category, counts in sorted(per_category.items()):
        write(f"lovage-suite: {category}: {counts['ok']}/{sum(counts.values())} ok")
    if SUMMARY:
        pathlib.Path(SUMMARY).write_text(json.dumps({
            'categories': {c: dict(v) for c, v in per_category.items()},
            'files': {f'{c} {p}': dict(v) for (c, p), v in per_file.items()},
            'not_ok': not_ok}, indent=1))
