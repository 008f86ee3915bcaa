"""Drives the CLI through a real pseudo-terminal, as a person at a keyboard would.

Usage: python3 pty_drive.py '<json script>' -- command args...
The script is a list of [expected_text, keys_to_send]: wait until the output
shows expected_text, then type the keys. Prints {"exit": code, "output": text}.
"""

import json
import os
import pty
import select
import sys
import time

steps = json.loads(sys.argv[1])
command = sys.argv[sys.argv.index("--") + 1 :]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

output = b""
deadline = time.monotonic() + 30


def read_some(timeout: float) -> bool:
    global output
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        return False
    if not chunk:
        return False
    output += chunk
    return True


alive = True
for expected, keys in steps:
    seen_at = len(output)
    while alive and expected.encode() not in output[seen_at - 200 if seen_at > 200 else 0 :]:
        if time.monotonic() > deadline:
            break
        alive = read_some(0.1)
    time.sleep(0.2)
    os.write(fd, keys.encode())

while alive and time.monotonic() < deadline:
    alive = read_some(0.1)

_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
print(json.dumps({"exit": code, "output": output.decode("utf-8", "replace")}))
