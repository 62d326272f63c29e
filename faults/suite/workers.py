"""Lovage workers as users run them: the CLI's worker command with the fault suite's tasks, in a process each."""
import itertools
import json
import os
import signal
import subprocess
import time
import urllib.request

from .nodes import wait_for

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JARS = [os.path.join(ROOT, 'cli', 'target', 'lovage.jar'), os.path.join(ROOT, 'faults', 'target', 'lovage-faults.jar')]
_ports = itertools.count(int(os.environ.get('LOVAGE_FAULTS_METRICS_PORT', '19880')))


class Worker:
    """One worker process. Its log is kept in the state directory; its runs go to a run log shared by its restarts."""

    def __init__(self, state_dir, name, queue, broker, backend, settings=None, concurrency=4, runlog=None):
        self.name = name
        self.queue = queue
        self.broker = broker
        self.backend = backend
        self.settings = dict(settings or {})
        self.concurrency = concurrency
        self.log_path = os.path.join(state_dir, 'worker-%s.log' % name)
        self.runlog = runlog or os.path.join(state_dir, 'runs-%s.log' % name)
        self.metrics_port = next(_ports)
        self.proc = None

    def start(self, wait=True):
        env = {k: v for k, v in os.environ.items() if not k.startswith('CELERY_')}
        env.update(CELERY_BROKER_URL=self.broker, CELERY_RESULT_BACKEND=self.backend,
                   LOVAGE_FAULTS_RUNLOG=self.runlog)
        for key, value in self.settings.items():
            env['CELERY_' + key.upper()] = str(value)
        cmd = [os.environ.get('LOVAGE_JAVA', 'java')] + os.environ.get('LOVAGE_JAVA_OPTS', '').split() + [
            '-cp', ':'.join(JARS), 'dev.lovage.cli.Main', 'worker', '-A', 'dev.lovage.faults.FaultTasks',
            '-Q', self.queue, '-c', str(self.concurrency), '-n', 'faults-%s@%%h' % self.name, '-l', 'info',
            '--metrics-port', str(self.metrics_port)]
        log = open(self.log_path, 'ab')
        self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=90):
        wait_for(lambda: self.health() in ('up', 'degraded') or self.proc.poll() is not None, timeout,
                 'worker %s ready' % self.name, interval=0.2)
        if self.proc.poll() is not None:
            raise RuntimeError('worker %s exited with %s:\n%s' % (self.name, self.proc.returncode, self.log_tail()))

    def health(self):
        """The status /health reports ('up', 'degraded', 'down'), or None when it does not answer."""
        return self.health_document().get('status')

    def health_document(self):
        try:
            with urllib.request.urlopen('http://127.0.0.1:%d/health' % self.metrics_port, timeout=2) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            return json.loads(e.read())
        except (OSError, ValueError):
            return {}

    def metrics(self):
        try:
            with urllib.request.urlopen('http://127.0.0.1:%d/metrics' % self.metrics_port, timeout=2) as r:
                return r.read().decode()
        except OSError:
            return ''

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def rss_mb(self):
        """Resident memory now (VmRSS), in MiB."""
        with open('/proc/%d/status' % self.proc.pid) as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1]) / 1024
        return 0.0

    def runs(self):
        """Completed runs per task id, from the run log."""
        counts = {}
        if os.path.exists(self.runlog):
            with open(self.runlog) as f:
                for line in f:
                    tid = line.strip()
                    if tid:
                        counts[tid] = counts.get(tid, 0) + 1
        return counts

    def log_text(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def log_tail(self, lines=40):
        return '\n'.join(self.log_text().splitlines()[-lines:])


def wait_until(condition, timeout, interval=0.2):
    """True once condition() is, False after timeout."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()
