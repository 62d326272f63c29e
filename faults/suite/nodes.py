"""The fault suite's own RabbitMQ node and Redis server, which it stops, kills and restarts.

Both listen on loopback only, on ports of their own (LOVAGE_FAULTS_AMQP_PORT, LOVAGE_FAULTS_DIST_PORT,
LOVAGE_FAULTS_REDIS_PORT, node name LOVAGE_FAULTS_NODE), with their state in a directory of their own: they never
touch the RabbitMQ on 5672 or the Redis on 6379 that other tests use.
"""
import os
import shutil
import signal
import socket
import subprocess
import time

RABBIT_BIN = os.environ.get('LOVAGE_FAULTS_RABBITMQ_BIN', '/usr/lib/rabbitmq/bin')


def port_open(port, host='127.0.0.1'):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def wait_for(condition, timeout, what, interval=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise RuntimeError('%s did not happen within %d s' % (what, timeout))


class RabbitNode:
    """A RabbitMQ node started from the Debian package's scripts with its own name, ports, cookie and dirs."""

    def __init__(self, state_dir, name, amqp_port, dist_port):
        self.dir = os.path.join(state_dir, 'rabbitmq')
        self.name = name
        self.port = amqp_port
        self.dist_port = dist_port
        self.proc = None

    @property
    def url(self):
        return 'amqp://guest:guest@127.0.0.1:%d//' % self.port

    def _env(self):
        d = self.dir
        return dict(os.environ,
                    HOME=d,  # its own Erlang cookie
                    RABBITMQ_NODENAME=self.name,
                    RABBITMQ_NODE_IP_ADDRESS='127.0.0.1',
                    RABBITMQ_NODE_PORT=str(self.port),
                    RABBITMQ_DIST_PORT=str(self.dist_port),
                    RABBITMQ_MNESIA_BASE=os.path.join(d, 'mnesia'),
                    RABBITMQ_LOG_BASE=os.path.join(d, 'log'),
                    RABBITMQ_PID_FILE=os.path.join(d, 'pid'),
                    RABBITMQ_ENABLED_PLUGINS_FILE=os.path.join(d, 'enabled_plugins'),
                    RABBITMQ_CONFIG_FILE=os.path.join(d, 'rabbitmq'),
                    RABBITMQ_ADVANCED_CONFIG_FILE=os.path.join(d, 'advanced.config'),
                    RABBITMQ_CONF_ENV_FILE=os.path.join(d, 'rabbitmq-env.conf'),
                    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}')

    def start(self, fresh=False):
        if port_open(self.port):
            raise RuntimeError('port %d is taken: stop what listens there, or set LOVAGE_FAULTS_AMQP_PORT'
                               % self.port)
        if fresh:
            shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(os.path.join(self.dir, 'mnesia'), exist_ok=True)
        os.makedirs(os.path.join(self.dir, 'log'), exist_ok=True)
        with open(os.path.join(self.dir, 'enabled_plugins'), 'w') as f:
            f.write('[].\n')  # no management, no Prometheus: no other ports
        with open(os.path.join(self.dir, 'rabbitmq.conf'), 'w') as f:
            # Above the Java client's default inbound limit (64 MiB), so a body the client used to refuse arrives.
            f.write('max_message_size = 134217728\nloopback_users = none\n')
        for name in ('rabbitmq-env.conf',):
            open(os.path.join(self.dir, name), 'a').close()
        log = open(os.path.join(self.dir, 'server.log'), 'ab')
        self.proc = subprocess.Popen([os.path.join(RABBIT_BIN, 'rabbitmq-server')], env=self._env(),
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(lambda: port_open(self.port) or self.proc.poll() is not None, 120, 'RabbitMQ node start')
        if self.proc.poll() is not None:
            raise RuntimeError('the RabbitMQ node %s exited with %s; see %s' % (self.name, self.proc.returncode,
                                                                                os.path.join(self.dir, 'server.log')))

    def ctl(self, *args, timeout=60):
        return subprocess.run([os.path.join(RABBIT_BIN, 'rabbitmqctl'), '-n', self.name, *args], env=self._env(),
                              capture_output=True, text=True, timeout=timeout)

    def stop(self):
        """A graceful stop, as a restart by an operator does; waits for the process to end."""
        if self.proc is None:
            return
        self.ctl('stop')
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        self.proc = None
        wait_for(lambda: not port_open(self.port), 30, 'RabbitMQ node stop')

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
        self.proc = None

    def restart(self):
        self.stop()
        self.start()

    def queue(self, name):
        """(ready, unacknowledged, consumers) of a queue, or None."""
        out = self.ctl('list_queues', 'name', 'messages_ready', 'messages_unacknowledged', 'consumers', '-q',
                       '--no-table-headers').stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[0] == name:
                return tuple(int(p) for p in parts[1:])
        return None


class RedisNode:
    """A redis-server on a port of its own, without persistence."""

    def __init__(self, state_dir, port):
        self.dir = os.path.join(state_dir, 'redis')
        self.port = port
        self.proc = None

    @property
    def url(self):
        return 'redis://127.0.0.1:%d/0' % self.port

    def start(self, fresh=False):
        if port_open(self.port):
            raise RuntimeError('port %d is taken: stop what listens there, or set LOVAGE_FAULTS_REDIS_PORT'
                               % self.port)
        if fresh:
            shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir, exist_ok=True)
        self.proc = subprocess.Popen(['redis-server', '--port', str(self.port), '--bind', '127.0.0.1',
                                      '--save', '', '--appendonly', 'no', '--dir', self.dir],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: port_open(self.port), 30, 'Redis start')

    def stop(self, save=False):
        """Gone at once; with save, what it holds is written first and read back by the next start."""
        if self.proc is not None and self.proc.poll() is None:
            if save:
                subprocess.run(['redis-cli', '-p', str(self.port), 'shutdown', 'save'], capture_output=True,
                               timeout=30)
            else:
                self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)
        self.proc = None
        wait_for(lambda: not port_open(self.port), 30, 'Redis stop')
