"""Times a command in a real pseudo-terminal, as a person at a keyboard sees it.

Usage: python3 pty_timer.py <expected_text> <runs> <cwd> -- command args...

For each run: fork the command on a fresh pty (80x24), read its output until
<expected_text> appears, record the seconds since the fork, then type Ctrl-C.
With an empty <expected_text>, record the seconds until the command exits
(used for the `node -e 0` anchor, so both go through the same pty path).
Prints one JSON list: [{"seconds": s or null, "exit": code, "tail": text}, ...].
"""

import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

expected = sys.argv[1].encode()
runs = int(sys.argv[2])
cwd = sys.argv[3]
command = sys.argv[sys.argv.index("--") + 1 :]


def once() -> dict:
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.chdir(cwd)
        os.execvp(command[0], command)
    output = b""
    seen = None
    deadline = start + 30
    while True:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if expected and seen is None and expected in output:
                seen = time.perf_counter() - start
                os.write(fd, b"\x03")
        if time.perf_counter() > deadline:
            os.kill(pid, signal.SIGKILL)
            break
    _, status = os.waitpid(pid, 0)
    ended = time.perf_counter() - start
    os.close(fd)
    return {
        "seconds": seen if expected else ended,
        "exit": os.waitstatus_to_exitcode(status),
        "tail": output[-400:].decode("utf-8", "replace"),
    }


print(json.dumps([once() for _ in range(runs)]))
